import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { sleep } from "./wait.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** What the entry point prints once it listens: its URL, then the rest of the line. */
export const LISTENING = /idv-graph listening on (http:\/\/127\.0\.0\.1:\d+\/)(.*)/;
/** Long enough for tsx to load the gateway on a busy 2-core machine. */
export const SPAWN_TIMEOUT = 30_000;

/** The gateway's entry point running as its own process (`src/main.ts` under tsx), as `npm start` runs it. */
export interface GatewayProcess {
  proc: ChildProcess;
  out(): string;
  err(): string;
  /** Resolves with the exit code once the process has exited and its output is drained. */
  closed: Promise<number | null>;
  /** True until the process has exited. */
  running(): boolean;
  /** Waits until stdout matches (or fails if the process exits first). */
  waitFor(re: RegExp): Promise<RegExpExecArray>;
}

const children: ChildProcess[] = [];
// After the file, not after each test: tests run concurrently, and one test's cleanup must not kill another's process.
afterAll(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Starts `src/main.ts` with a clean environment (none of the gateway's variables inherited) plus `overrides`; `preload` modules are imported first. */
export function spawnGateway(overrides: Record<string, string>, preload: readonly string[] = []): GatewayProcess {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(YOTI_|GATEWAY_|EMULATOR_|UPSTREAM_|SESSION_|SUBSCRIPTION_|REDIS_|OTEL_)/.test(k) || ["NODE_ENV", "NODE_OPTIONS", "PORT", "HOST", "LOG_LEVEL"].includes(k)) continue;
    env[k] = v;
  }
  // The audit trail's PGlite costs seconds and hundreds of MB per new database: off unless a test turns it on.
  Object.assign(env, { PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", GATEWAY_AUDIT: "off" }, overrides);
  const proc = spawn(process.execPath, ["--import", "tsx", ...preload.flatMap((p) => ["--import", p]), "src/main.ts"], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(proc);
  let out = "";
  let err = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString("utf8")));
  proc.stderr!.on("data", (d: Buffer) => (err += d.toString("utf8")));
  let exited = false;
  const closed = new Promise<number | null>((resolve) => proc.on("close", (code) => ((exited = true), resolve(code))));
  return {
    proc,
    out: () => out,
    err: () => err,
    closed,
    running: () => !exited,
    async waitFor(re) {
      for (;;) {
        const m = re.exec(out);
        if (m) return m;
        if (exited) throw new Error(`exited before ${re}; stdout:\n${out}\nstderr:\n${err}`);
        await sleep(25);
      }
    },
  };
}

/** JSON log lines on stdout. */
export function logRecords(out: string): Record<string, any>[] {
  return out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, any>);
}
