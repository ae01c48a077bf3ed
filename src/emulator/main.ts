import { startEmulator, type EmulatorWebhook } from "./index.js";

/** Parse an optional integer environment variable, failing loudly on garbage rather than guessing. */
function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

/** Parse an optional "true"/"false" environment variable (unset or empty = false). */
function boolEnv(name: string): boolean {
  const raw = process.env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  throw new Error(`${name} must be true or false`);
}

/** The webhook from EMULATOR_WEBHOOK_URL / _AUTH_TYPE (default BEARER) / _AUTH_TOKEN; none without a URL. */
function webhookEnv(): EmulatorWebhook | undefined {
  const url = process.env.EMULATOR_WEBHOOK_URL?.trim();
  if (!url) return undefined;
  const token = process.env.EMULATOR_WEBHOOK_AUTH_TOKEN;
  if (!token) throw new Error("EMULATOR_WEBHOOK_AUTH_TOKEN is required when EMULATOR_WEBHOOK_URL is set");
  const authType = (process.env.EMULATOR_WEBHOOK_AUTH_TYPE?.trim() || "BEARER").toUpperCase();
  if (authType !== "BASIC" && authType !== "BEARER") throw new Error("EMULATOR_WEBHOOK_AUTH_TYPE must be BASIC or BEARER");
  return { url, authType, token };
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
    webhook: webhookEnv(),
    playOnStart: boolEnv("EMULATOR_PLAY_ON_START"),
  });
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
