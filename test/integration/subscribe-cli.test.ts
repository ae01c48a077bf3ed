import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parkedSession, startLiveStack } from "../support/live.js";
import type { Stack } from "../support/stack.js";
import { until } from "../support/wait.js";

const SCRIPT = fileURLToPath(new URL("../../scripts/subscribe.mjs", import.meta.url));

/** `npm run subscribe -- <args>` as a child process: its output lines as they come, and its exit code. */
function subscribeCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [SCRIPT, ...args], { env: { ...process.env, AUTHORIZATION: "", GATEWAY_API_KEY: "", ...env } });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => out.push(...chunk.split("\n").filter((l) => l !== "")));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => err.push(...chunk.split("\n").filter((l) => l !== "")));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { out, err, exited, kill: () => child.kill() };
}

describe("npm run subscribe -- <session id>", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startLiveStack();
  });
  afterAll(async () => stack?.close());

  it("prints each event's topic and state and exits 0 when the stream ends", async () => {
    const id = parkedSession(stack, randomUUID());
    const cli = subscribeCli([id], { GATEWAY_URL: stack.gateway.url });
    try {
      await until(() => cli.out.length > 0, { timeoutMs: 10_000, what: "the snapshot line" });
      expect(cli.out[0]).toMatch(/^\S+Z snapshot ONGOING$/);
      stack.emulator.play({ sessionId: id, stepMs: 100 });
      expect(await cli.exited).toBe(0);
      expect(cli.out.at(-2)).toMatch(/ session_completion COMPLETED$/);
      expect(cli.out.at(-1)).toBe("stream ended");
      expect(cli.out.filter((l) => l.includes(" check_completion "))).toHaveLength(4);
      expect(cli.err).toEqual([]);
    } finally {
      cli.kill();
    }
  }, 30_000);

  it("exits 2 with its usage without a session id", async () => {
    const cli = subscribeCli([], { GATEWAY_URL: stack.gateway.url });
    expect(await cli.exited).toBe(2);
    expect(cli.err.join("\n")).toContain("usage: npm run subscribe -- <session id>");
  });
});
