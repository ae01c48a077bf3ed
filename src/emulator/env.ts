import type { EmulatorWebhook } from "./index.js";

/** The emulator's integer variables: default and range. */
const INTEGERS = {
  EMULATOR_PORT: { def: 4010, min: 0, max: 65535 },
  EMULATOR_LATENCY_MS: { def: 0, min: 0, max: 60_000 },
} as const;

/** A trimmed value, undefined when unset or blank. */
function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** An integer variable within its range; the message names the variable and the rule, never the value. */
function integer(env: NodeJS.ProcessEnv, name: keyof typeof INTEGERS): number {
  const { def, min, max } = INTEGERS[name];
  const raw = text(env, name);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** A true/false variable (any case); unset or blank is false. */
function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw !== undefined && raw !== "true" && raw !== "false") throw new Error(`${name} must be true or false`);
  return raw === "true";
}

/** What `startEmulator` is given from the environment. */
export interface EmulatorEnv {
  readonly port: number;
  readonly host?: string;
  readonly latencyMs: number;
  readonly sessionsDir?: string;
  readonly keyFile?: string;
  readonly sdkId?: string;
  readonly webhook?: EmulatorWebhook;
  readonly playOnStart: boolean;
}

/**
 * Reads and checks every EMULATOR_* variable the standalone emulator takes (its README's table), as
 * strictly as the gateway checks its own: a wrong one stops the start with an Error whose message is
 * one line naming the variable and the rule. (It shares no code with the gateway, on purpose.)
 */
export function loadEmulatorEnv(env: NodeJS.ProcessEnv): EmulatorEnv {
  let webhook: EmulatorWebhook | undefined;
  const url = text(env, "EMULATOR_WEBHOOK_URL");
  if (url) {
    const token = env.EMULATOR_WEBHOOK_AUTH_TOKEN;
    if (!token) throw new Error("EMULATOR_WEBHOOK_AUTH_TOKEN is required when EMULATOR_WEBHOOK_URL is set");
    const authType = (text(env, "EMULATOR_WEBHOOK_AUTH_TYPE") ?? "BEARER").toUpperCase();
    if (authType !== "BASIC" && authType !== "BEARER") throw new Error("EMULATOR_WEBHOOK_AUTH_TYPE must be BASIC or BEARER");
    webhook = { url, authType, token };
  }
  return {
    port: integer(env, "EMULATOR_PORT"),
    host: text(env, "EMULATOR_HOST"),
    latencyMs: integer(env, "EMULATOR_LATENCY_MS"),
    sessionsDir: text(env, "EMULATOR_SESSIONS_DIR"),
    keyFile: text(env, "EMULATOR_KEY_FILE"),
    sdkId: text(env, "EMULATOR_SDK_ID"),
    webhook,
    playOnStart: flag(env, "EMULATOR_PLAY_ON_START"),
  };
}
