import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./redis.js";

const run = promisify(execFile);

/** Debian's PostgreSQL 15 (apt-get install postgresql-15; CI installs it). */
const BIN = process.env.POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";

/** A real PostgreSQL server in a fresh temp dir on a free loopback port, started by the test. */
export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust auth: no password). */
  readonly url: string;
  readonly port: number;
  /** Stops the server (fast shutdown: connections are cut), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same dir and port. */
  start(): Promise<void>;
  /** Stops it and removes its dir. */
  close(): Promise<void>;
}

// PostgreSQL refuses to run as root: as root, the dir goes to the postgres user and commands run as it.
const asRoot = process.getuid?.() === 0;

function pgCommand(tool: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const binary = join(BIN, tool);
  return asRoot ? run("runuser", ["-u", "postgres", "--", binary, ...args]) : run(binary, args);
}

/** Runs initdb in a fresh temp dir and starts the server; throws a clear error when PostgreSQL is not installed. */
export async function startPostgres(): Promise<PostgresServer> {
  if (!existsSync(join(BIN, "initdb")) || !existsSync(join(BIN, "pg_ctl"))) {
    throw new Error(`PostgreSQL 15 binaries not found in ${BIN} (apt-get install postgresql-15, or set POSTGRES_BIN)`);
  }
  const root = mkdtempSync(join(tmpdir(), "idv-pg-"));
  const data = join(root, "data");
  if (asRoot) await run("chown", ["postgres:postgres", root]);
  const port = await freePort();
  await pgCommand("initdb", ["-D", data, "--auth=trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
  let running = false;
  const start = async () => {
    // fsync off: a test server trades crash safety for speed.
    await pgCommand("pg_ctl", ["-D", data, "-o", `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`, "-l", join(root, "log"), "-w", "start"]);
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    running = false;
    await pgCommand("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async close() {
      await stop().catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
  };
}
