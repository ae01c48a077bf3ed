import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LIVE_DEMO_SESSION_ID } from "../../src/emulator/index.js";
import { until } from "../support/wait.js";
import { startReceiver } from "./webhook-receiver.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Start src/emulator/main.ts with extra env vars; collects stderr and resolves `exited` with the exit code. */
function spawnEntry(env: Record<string, string>) {
  // One node process with tsx as a loader: SIGTERM reaches the entry's own handler. (`npx tsx` does not forward
  // it, and the tsx CLI's relay gives the child 30 ms to acknowledge, which a busy machine misses: exit 143.)
  const child = spawn(process.execPath, ["--import", "tsx", "src/emulator/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, EMULATOR_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  return { child, exited, firstLine, stderr: () => stderr, kill };
}

describe("standalone emulator entry", () => {
  it("prints its coordinates as a JSON first line and exits 0 on SIGTERM", async () => {
    const entry = spawnEntry({});
    try {
      type Info = { baseUrl: string; sdkId: string; keyFile: string; sessions: { id: string; name: string }[] };
      const info = JSON.parse(await entry.firstLine) as Info;
      expect(Object.keys(info).sort()).toEqual(["baseUrl", "keyFile", "sdkId", "sessions"]);
      expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/idverify\/v1$/);
      expect(info.sessions.length).toBeGreaterThanOrEqual(8);
      expect(info.sessions).toContainEqual({ id: LIVE_DEMO_SESSION_ID, name: "live-demo" });
      expect((await fetch(new URL("/__emulator/stats", info.baseUrl))).status).toBe(200);
      entry.child.kill("SIGTERM");
      expect(await entry.exited).toBe(0);
    } finally {
      entry.kill();
    }
  });

  it("plays the live demo at start and notifies the webhook from the env", async () => {
    const receiver = await startReceiver();
    const entry = spawnEntry({
      EMULATOR_WEBHOOK_URL: receiver.url,
      EMULATOR_WEBHOOK_AUTH_TYPE: "basic",
      EMULATOR_WEBHOOK_AUTH_TOKEN: "demo:secret",
      EMULATOR_PLAY_ON_START: "true",
    });
    try {
      await entry.firstLine;
      // The first notifying step comes after the default 2 s step.
      await until(() => receiver.received.length >= 1, { timeoutMs: 8_000, what: "the first notification" });
      const first = receiver.received[0]!;
      expect(first.body).toMatchObject({ session_id: LIVE_DEMO_SESSION_ID, topic: "resource_update" });
      expect(first.headers.authorization).toBe(`Basic ${Buffer.from("demo:secret").toString("base64")}`);
      entry.child.kill("SIGTERM");
      expect(await entry.exited).toBe(0);
    } finally {
      entry.kill();
      await receiver.close();
    }
  });

  it.each([
    [{ EMULATOR_WEBHOOK_URL: "http://127.0.0.1:9/hook" }, "EMULATOR_WEBHOOK_AUTH_TOKEN is required when EMULATOR_WEBHOOK_URL is set"],
    [
      { EMULATOR_WEBHOOK_URL: "http://127.0.0.1:9/hook", EMULATOR_WEBHOOK_AUTH_TOKEN: "tok-123", EMULATOR_WEBHOOK_AUTH_TYPE: "DIGEST" },
      "EMULATOR_WEBHOOK_AUTH_TYPE must be BASIC or BEARER",
    ],
    [{ EMULATOR_WEBHOOK_URL: "nope", EMULATOR_WEBHOOK_AUTH_TOKEN: "tok-123" }, "webhook url must be an absolute http(s) URL"],
    [{ EMULATOR_PLAY_ON_START: "yes" }, "EMULATOR_PLAY_ON_START must be true or false"],
    [{ EMULATOR_PORT: "eighty" }, "EMULATOR_PORT must be an integer from 0 to 65535"],
    [{ EMULATOR_LATENCY_MS: "-5" }, "EMULATOR_LATENCY_MS must be an integer from 0 to 60000"],
  ])("fails at start with one line on stderr for %j", async (env, message) => {
    const entry = spawnEntry(env);
    try {
      expect(await entry.exited).toBe(1);
      expect(entry.stderr()).toBe(`emulator failed to start: ${message}\n`);
    } finally {
      entry.kill();
    }
  });
});
