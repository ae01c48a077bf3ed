import { loadEmulatorEnv } from "./env.js";
import { startEmulator } from "./index.js";

/** Standalone entry: start the emulator from env vars and print its coordinates as the first stdout line. */
async function main(): Promise<void> {
  const emulator = await startEmulator(loadEmulatorEnv(process.env));
  const { baseUrl, sdkId, keyFile, sessions } = emulator;
  // Machine-readable first line: other processes (benchmarks, tests) parse exactly this.
  process.stdout.write(`${JSON.stringify({ baseUrl, sdkId, keyFile, sessions })}\n`);
  process.stdout.write(`Yoti IDV emulator listening on ${baseUrl} with ${sessions.length} demo sessions\n`);
  for (const s of sessions) process.stdout.write(`  ${s.name.padEnd(16)} ${s.id}\n`);
  process.stdout.write(
    "Stats: GET /__emulator/stats, reset: POST /__emulator/reset, faults: POST/DELETE /__emulator/faults, " +
      "play live-demo: POST /__emulator/play. Ctrl-C to stop.\n",
  );

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
  // One line, and only the message: ours name variables, never their values (the token stays out of logs).
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`emulator failed to start: ${message.replace(/\s+/g, " ")}\n`);
  process.exit(1);
});
