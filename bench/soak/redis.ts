// The soak's own redis-server, spawned as test/support/redis.ts does, that can be SIGKILLed and started
// again on the same port (the replicas keep their REDIS_URL and must reconnect by themselves).
import { spawn, type ChildProcess } from "node:child_process";
import { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** A redis-server on a fixed loopback port. */
export interface SoakRedis {
  readonly url: string;
  /** Starts it (again) and resolves once it answers PING. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown, no goodbye to clients, as when a node dies. */
  kill(): Promise<void>;
  running(): boolean;
}

/** True when a redis-server answers PING on the port. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
    socket.once("data", (d: Buffer) => {
      socket.destroy();
      resolve(d.toString().startsWith("+PONG"));
    });
  });
}

const live = new Set<ChildProcess>();

/** SIGKILL every redis-server this module started (exit paths). */
export function killRedisSync(): void {
  for (const proc of live) {
    try {
      proc.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** A redis-server on `port` (not started yet). */
export function soakRedis(port: number): SoakRedis {
  let proc: ChildProcess | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    running: () => proc !== undefined && proc.exitCode === null && proc.signalCode === null,
    async start() {
      // No persistence: a restarted Redis is empty, as a replacement node would be.
      const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"], { stdio: ["ignore", "pipe", "pipe"] });
      proc = child;
      live.add(child);
      let output = "";
      child.stdout!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-2_000)));
      child.stderr!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-2_000)));
      let failed: Error | undefined;
      child.once("error", (error) => (failed = new Error(`redis-server could not start (is it installed?): ${error.message}`)));
      child.once("exit", (code) => {
        live.delete(child);
        failed ??= new Error(`redis-server exited with ${code}: ${output}`);
      });
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if (failed) throw failed;
        if (await ping(port)) return;
        await sleep(50);
      }
      throw new Error(`redis-server did not answer PING on ${port} within 10 s: ${output}`);
    },
    async kill() {
      const child = proc;
      proc = undefined;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
  };
}
