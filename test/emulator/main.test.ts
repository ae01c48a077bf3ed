import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// tsx's own CLI rather than `npx tsx`: npm exec does not forward SIGTERM, which would orphan the emulator
// and report a signal instead of the entry's exit code. tsx relays the signal and exits with the child's code.
const TSX_CLI = createRequire(import.meta.url).resolve("tsx/cli");

describe("standalone emulator entry", () => {
  it("prints its coordinates as a JSON first line and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [TSX_CLI, "src/emulator/main.ts"], {
      cwd: ROOT,
      env: { ...process.env, EMULATOR_PORT: "0" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      const lines = createInterface({ input: child.stdout! });
      const first = await new Promise<string>((resolve) => lines.once("line", resolve));
      const info = JSON.parse(first) as { baseUrl: string; sdkId: string; keyFile: string; sessions: { id: string; name: string }[] };
      expect(Object.keys(info).sort()).toEqual(["baseUrl", "keyFile", "sdkId", "sessions"]);
      expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/idverify\/v1$/);
      expect(info.sessions.length).toBeGreaterThanOrEqual(8);
      expect((await fetch(new URL("/__emulator/stats", info.baseUrl))).status).toBe(200);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });
});
