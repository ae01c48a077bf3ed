// One gateway replica: started from source on a fixed port, its logs captured whole, its RSS sampled,
// stopped with SIGTERM (planned) and restarted on the same port; any other exit is recorded as unplanned.
import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { rssBytes, spawnNode, waitForHttp, type Child } from "../processes.js";
import type { LifeRecord, Recorder, ReplicaName } from "./record.js";

/** The key of the pino field the gateway puts on unhandled rejections and uncaught exceptions. */
export const PROCESS_ERROR_FIELD = "processError";
/** The gateway's log message after a Redis outage, when it has re-read its watched sessions. */
const REDIS_RESTORED = "Redis connection restored";
const RSS_EVERY_MS = 1_000;
/** A drain is bounded by SHUTDOWN_GRACE_MS plus the gateway's own 25 s drain timeout; past that it is stuck. */
const STOP_TIMEOUT_MS = 35_000;

/** Splits a stream of chunks into whole lines. */
function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let rest = "";
  return (chunk) => {
    rest += chunk;
    let nl: number;
    while ((nl = rest.indexOf("\n")) >= 0) {
      onLine(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
    }
  };
}

/** A replica behind the soak's load balancer. */
export class Replica {
  readonly url: string;
  /** Set by the readiness poller: /health/ready answered 200 at the last check. */
  ready = false;
  private child: Child | undefined;
  private current: LifeRecord | undefined;
  private incarnations = 0;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(
    readonly name: ReplicaName,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly root: string,
    private readonly logDir: string,
    private readonly rec: Recorder,
    /** Called when the process exits without the soak having asked it to. */
    private readonly onUnplannedExit: (replica: Replica, life: LifeRecord) => void,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** The incarnation running now (or the last one). */
  get life(): LifeRecord | undefined {
    return this.current;
  }

  /** Runs `fn` after every start/stop queued before it: a crash restart and a rolling restart never overlap on the port. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => {});
    return run;
  }

  /** True while its process runs. */
  running(): boolean {
    return this.child?.running() ?? false;
  }

  /** Spawns a new incarnation and resolves once /health/ready answers 200. */
  async start(timeoutMs: number): Promise<void> {
    const incarnation = ++this.incarnations;
    const files = ["out", "err"].map((s) => join(this.logDir, `replica-${this.name}-${incarnation}.${s}.log`));
    const streams: WriteStream[] = files.map((f) => createWriteStream(f));
    const life: LifeRecord = { replica: this.name, incarnation, pid: 0, startedAt: Date.now(), rss: [], redisRestoredAt: [], processErrorLines: [], logFiles: files };
    const onLine = (line: string) => {
      if (line.includes(PROCESS_ERROR_FIELD)) life.processErrorLines.push(line.slice(0, 2_000));
      if (line.includes(REDIS_RESTORED)) {
        let t = Date.now();
        try {
          t = (JSON.parse(line) as { time?: number }).time ?? t;
        } catch {
          // not JSON: the arrival time will do
        }
        life.redisRestoredAt.push(t);
      }
    };
    const split = { stdout: lineSplitter(onLine), stderr: lineSplitter(onLine) };
    const child = spawnNode(`replica ${this.name}`, ["--import", "tsx", join(this.root, "src", "main.ts")], this.env, {
      cwd: this.root,
      onOutput: (stream, chunk) => {
        streams[stream === "stdout" ? 0 : 1]!.write(chunk);
        split[stream](chunk);
      },
    });
    (life as { pid: number }).pid = child.pid;
    this.child = child;
    this.current = life;
    this.rec.lives.push(life);
    const sampler = setInterval(() => {
      void rssBytes(child.pid).then((bytes) => {
        if (bytes !== undefined && child.running()) life.rss.push([Date.now(), bytes]);
      });
    }, RSS_EVERY_MS);
    child.proc.once("exit", (code, signal) => {
      clearInterval(sampler);
      life.exitedAt = Date.now();
      life.exitCode = code;
      life.exitSignal = signal;
      this.ready = false;
      for (const s of streams) s.end();
      if (life.stopRequestedAt === undefined) this.onUnplannedExit(this, life);
    });
    await waitForHttp(child, `${this.url}/health/ready`, timeoutMs);
    life.readyAt = Date.now();
  }

  /** SIGTERM and wait for the exit (SIGKILL if the drain hangs past its bound); resolves with the life that ended. */
  async stop(): Promise<LifeRecord | undefined> {
    const child = this.child;
    const life = this.current;
    if (!child || !life || !child.running()) return life;
    life.stopRequestedAt = Date.now();
    const exited = new Promise<void>((resolve) => child.proc.once("exit", () => resolve()));
    child.proc.kill("SIGTERM");
    if ((await Promise.race([exited.then(() => "exited" as const), sleep(STOP_TIMEOUT_MS).then(() => "stuck" as const)])) === "stuck") {
      child.proc.kill("SIGKILL");
      await exited;
    }
    return life;
  }
}
