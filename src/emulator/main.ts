import { startEmulator } from "./index.js";

/** Parse an optional integer environment variable, failing loudly on garbage rather than guessing. */
function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

/** Standalone entry: start the emulator from env vars and print its coordinates as the first stdout line. */
async function main(): Promise<void> {
  const emulator = await startEmulator({
    port: intEnv("EMULATOR_PORT", 4010),
    host: process.env.EMULATOR_HOST || undefined,
    latencyMs: intEnv("EMULATOR_LATENCY_MS", 0),
    sessionsDir: process.env.EMULATOR_SESSIONS_DIR || undefined,
    keyFile: process.env.EMULATOR_KEY_FILE || undefined,
    sdkId: process.env.EMULATOR_SDK_ID || undefined,
  });
  const { baseUrl, sdkId, keyFile, sessions } = emulator;
  // Machine-readable first line: other processes (benchmarks, tests) parse exactly this.
  process.stdout.write(`${JSON.stringify({ baseUrl, sdkId, keyFile, sessions })}\n`);
  process.stdout.write(`Yoti IDV emulator listening on ${baseUrl} with ${sessions.length} demo sessions\n`);
  for (const s of sessions) process.stdout.write(`  ${s.name.padEnd(16)} ${s.id}\n`);
  process.stdout.write("Stats: GET /__emulator/stats, reset: POST /__emulator/reset, faults: POST/DELETE /__emulator/faults. Ctrl-C to stop.\n");

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
