// The chaos soak (bench/soak) in its short CI form: two replicas, Redis and the emulator as child processes
// run from source, ~35 s of mixed load with one of each fault; every invariant must PASS.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
/** The load phase; startup, the plays' tail and the checks add about 12 s. */
const LOAD_SECONDS = 35;
const TIMEOUT_MS = 120_000;
const ROW = /^\| [1-6] \|/;

describe("soak, CI form", () => {
  it(
    "every invariant PASSes and the soak exits 0",
    async () => {
      const proc = spawn(process.execPath, ["--import", "tsx", "bench/soak/run.ts", `--duration=${LOAD_SECONDS}`], { cwd: repoRoot, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      proc.stdout!.on("data", (d: Buffer) => (out += d.toString("utf8")));
      proc.stderr!.on("data", (d: Buffer) => (out += d.toString("utf8")));
      // SIGINT lets the soak stop its own children (replicas, emulator, Redis) before the test gives up.
      const guard = setTimeout(() => proc.kill("SIGINT"), TIMEOUT_MS - 10_000);
      const code = await new Promise<number | null>((resolve) => proc.on("close", (c) => resolve(c)));
      clearTimeout(guard);
      const rows = out.split("\n").filter((l) => ROW.test(l));
      expect(rows, out).toHaveLength(6);
      expect(
        rows.filter((r) => !/\| PASS +\|\s*$/.test(r)),
        out,
      ).toEqual([]);
      expect(code, out).toBe(0);
    },
    TIMEOUT_MS,
  );
});
