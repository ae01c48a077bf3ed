import { z } from "zod";
import type { EmulatorWebhook } from "./index.js";

/** An optional integer variable with its default and range; the message names the variable and the rule, never the value. */
const intVar = (name: string, def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `${name} must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

/** An optional text variable: blank counts as unset. */
const textVar = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** Every variable the standalone emulator reads (its README's table), validated like the gateway's own. */
const EmulatorEnvSchema = z.object({
  EMULATOR_PORT: intVar("EMULATOR_PORT", 4010, 0, 65535),
  EMULATOR_HOST: textVar(),
  EMULATOR_LATENCY_MS: intVar("EMULATOR_LATENCY_MS", 0, 0, 60_000),
  EMULATOR_SESSIONS_DIR: textVar(),
  EMULATOR_KEY_FILE: textVar(),
  EMULATOR_SDK_ID: textVar(),
  EMULATOR_WEBHOOK_URL: textVar(),
  EMULATOR_WEBHOOK_AUTH_TYPE: textVar(),
  EMULATOR_WEBHOOK_AUTH_TOKEN: z.string().optional(),
  EMULATOR_PLAY_ON_START: textVar().refine((v) => v === undefined || ["true", "false"].includes(v.toLowerCase()), { message: "EMULATOR_PLAY_ON_START must be true or false" }),
});

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

/** Reads and checks the EMULATOR_* variables; throws an Error whose message is one line naming the variable and the rule. */
export function loadEmulatorEnv(env: NodeJS.ProcessEnv): EmulatorEnv {
  const result = EmulatorEnvSchema.safeParse(env);
  if (!result.success) throw new Error(result.error.issues[0]!.message);
  const e = result.data;
  let webhook: EmulatorWebhook | undefined;
  if (e.EMULATOR_WEBHOOK_URL) {
    if (!e.EMULATOR_WEBHOOK_AUTH_TOKEN) throw new Error("EMULATOR_WEBHOOK_AUTH_TOKEN is required when EMULATOR_WEBHOOK_URL is set");
    const authType = (e.EMULATOR_WEBHOOK_AUTH_TYPE ?? "BEARER").toUpperCase();
    if (authType !== "BASIC" && authType !== "BEARER") throw new Error("EMULATOR_WEBHOOK_AUTH_TYPE must be BASIC or BEARER");
    webhook = { url: e.EMULATOR_WEBHOOK_URL, authType, token: e.EMULATOR_WEBHOOK_AUTH_TOKEN };
  }
  return {
    port: e.EMULATOR_PORT,
    host: e.EMULATOR_HOST,
    latencyMs: e.EMULATOR_LATENCY_MS,
    sessionsDir: e.EMULATOR_SESSIONS_DIR,
    keyFile: e.EMULATOR_KEY_FILE,
    sdkId: e.EMULATOR_SDK_ID,
    webhook,
    playOnStart: e.EMULATOR_PLAY_ON_START?.toLowerCase() === "true",
  };
}
