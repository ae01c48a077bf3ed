import { spawn, type ChildProcess } from "node:child_process";
import { createServer, Socket } from "node:net";

/** A free loopback port (the OS picks it, then it is released for the server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A real redis-server on a loopback port, started by the test (no persistence), that can be stopped and started again. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Every command the server sees from now on, as MONITOR prints it (until the server stops). */
  monitor(): Promise<{ text(): string; close(): void }>;
}

/** Starts redis-server (installed with apt-get, see .ci/run) on a free port. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const start = async () => {
    const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    proc = child;
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.once("error", (error) => reject(new Error(`redis-server could not start (is it installed? .ci/run installs it): ${error.message}`)));
      child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
      const poll = setInterval(async () => {
        if (await ping(port)) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
      child.once("exit", () => clearInterval(poll));
    });
  };
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    async stop() {
      const child = proc;
      proc = undefined;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
    async monitor() {
      const socket = new Socket();
      let text = "";
      await new Promise<void>((resolve, reject) => socket.connect(port, "127.0.0.1", resolve).once("error", reject));
      socket.on("data", (d: Buffer) => (text += d.toString("utf8")));
      socket.on("error", () => {});
      socket.write("MONITOR\r\n");
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (text.startsWith("+OK")) {
            clearInterval(poll);
            resolve();
          }
        }, 10);
      });
      return { text: () => text, close: () => socket.destroy() };
    },
  };
  await start();
  return server;
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
