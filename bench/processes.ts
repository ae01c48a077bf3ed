// Child processes for the benchmark: spawn, wait for readiness, and always stop them (SIGTERM, then SIGKILL).
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

const STDERR_TAIL_CHARS = 4_000;
const KILL_GRACE_MS = 3_000;
/** USER_HZ: Linux reports /proc CPU times in 1/100 s on every mainstream architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface Child {
  readonly name: string;
  readonly proc: ChildProcess;
  readonly pid: number;
  /** The last few KB of stderr, for error messages. */
  stderrTail(): string;
  /** Resolves with the first stdout line; rejects if the process exits first or `timeoutMs` passes. */
  firstLine(timeoutMs: number): Promise<string>;
  /** True until the process has exited. */
  running(): boolean;
}

const children = new Set<Child>();

/** Extras for `spawnNode`: the soak runs processes from source (tsx needs the repo's tsconfig) and keeps whole logs. */
export interface SpawnOptions {
  /** Working directory (default: this process's). */
  readonly cwd?: string;
  /** Every chunk of stdout and stderr, as it arrives (the Child itself keeps only the first line and a tail). */
  readonly onOutput?: (stream: "stdout" | "stderr", chunk: string) => void;
}

/** Spawn `node <args>` with exactly `env` (plus PATH/HOME), stdout and stderr piped and always drained. */
export function spawnNode(name: string, args: string[], env: Record<string, string>, options: SpawnOptions = {}): Child {
  const proc = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    cwd: options.cwd,
  });
  if (proc.pid === undefined) throw new Error(`${name}: failed to spawn`);
  let stderr = "";
  let stdoutBuf = "";
  let line: string | undefined;
  let exited = false;
  const lineWaiters: { resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  proc.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    options.onOutput?.("stderr", chunk);
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
  });
  proc.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    options.onOutput?.("stdout", chunk);
    if (line !== undefined) return; // drained and dropped after the first line
    stdoutBuf += chunk;
    const nl = stdoutBuf.indexOf("\n");
    if (nl >= 0) {
      line = stdoutBuf.slice(0, nl);
      stdoutBuf = "";
      for (const w of lineWaiters.splice(0)) w.resolve(line);
    } else if (stdoutBuf.length > 1_000_000) {
      stdoutBuf = stdoutBuf.slice(-100_000);
    }
  });
  const child: Child = {
    name,
    proc,
    pid: proc.pid,
    stderrTail: () => stderr.trim(),
    running: () => !exited,
    firstLine: (timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        if (line !== undefined) return resolve(line);
        if (exited) return reject(new Error(`${name} exited before printing its first line:\n${stderr.trim()}`));
        const timer = setTimeout(() => reject(new Error(`${name}: no stdout line within ${timeoutMs} ms:\n${stderr.trim()}`)), timeoutMs);
        lineWaiters.push({
          resolve: (l) => (clearTimeout(timer), resolve(l)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
      }),
  };
  proc.on("exit", (code, signal) => {
    exited = true;
    children.delete(child);
    for (const w of lineWaiters.splice(0)) {
      w.reject(new Error(`${name} exited (${signal ?? code}) before printing its first line:\n${stderr.trim()}`));
    }
  });
  children.add(child);
  return child;
}

/** SIGTERM, then SIGKILL after 3 s if it is still there. Resolves once the process has exited. */
export async function stopChild(child: Child): Promise<void> {
  if (!child.running()) return;
  const exited = new Promise<void>((resolve) => child.proc.once("exit", () => resolve()));
  child.proc.kill("SIGTERM");
  const timer = sleep(KILL_GRACE_MS).then(() => "timeout" as const);
  if ((await Promise.race([exited.then(() => "exited" as const), timer])) === "timeout" && child.running()) {
    child.proc.kill("SIGKILL");
    await Promise.race([exited, sleep(KILL_GRACE_MS)]);
  }
}

/** Stop every child this module started that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c)));
}

/** Last resort on a synchronous exit path: SIGKILL whatever is left. */
export function killAllSync(): void {
  for (const c of children) {
    try {
      c.proc.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** A free loopback port (a tiny race with other processes is acceptable for a benchmark). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Poll `url` until it answers 2xx; fails fast if `child` exits, and after `timeoutMs`. */
export async function waitForHttp(child: Child, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    if (!child.running()) throw new Error(`${child.name} exited during startup:\n${child.stderrTail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  throw new Error(`${child.name} not ready at ${url} within ${timeoutMs} ms (${lastError}):\n${child.stderrTail()}`);
}

/** Resident set size of `pid` in bytes (Linux /proc), or undefined when it cannot be read. */
export async function rssBytes(pid: number): Promise<number | undefined> {
  return (await rssParts(pid))?.total;
}

/**
 * Resident set size of `pid` and its file-backed part (the node binary's and libraries' mapped
 * code, shared with other processes running them and reclaimable), in bytes; undefined when /proc
 * cannot be read.
 */
export async function rssParts(pid: number): Promise<{ total: number; file: number } | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const total = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    const file = /^RssFile:\s+(\d+)\s+kB/m.exec(status);
    return total ? { total: Number(total[1]) * 1024, file: file ? Number(file[1]) * 1024 : 0 } : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, all threads) `pid` has used so far, in ms (Linux /proc), or undefined. */
export async function cpuMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields overall.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
