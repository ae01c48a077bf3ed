// The fault schedule: upstream faults through the emulator, Redis SIGKILLed and restarted, rolling restarts,
// client drops; one at a time with calm gaps between them, each recorded as a window [start, end + settle].
import { setTimeout as sleep } from "node:timers/promises";
import type { SoakEmulator, UpstreamFault } from "./emulator.js";
import { scrapeProcessErrors } from "./metrics.js";
import type { Plan } from "./options.js";
import type { Plays } from "./plays.js";
import type { FaultWindow, Recorder } from "./record.js";
import type { SoakRedis } from "./redis.js";
import type { Replica } from "./replica.js";

/**
 * Settle margins. Upstream: the circuit breaker may open during the fault and stays open for its 5 s
 * cooldown (YOTI_CIRCUIT_COOLDOWN_MS), then one probe; 8 s covers that. The others: a few seconds
 * for the load balancer's 200 ms readiness polls and the subscribers' resubscriptions.
 */
const SETTLE_MS = { upstream: 8_000, redis: 2_000, restart: 2_000, crash: 2_000, drop: 2_000 } as const;
/** Upper bound on a Redis reconnection: ioredis backoff is capped at 5 s, jittered up to x1.25. */
const REDIS_RECONNECT_MAX_MS = 15_000;
const STARTUP_TIMEOUT_MS = 60_000;

/** What the schedule acts on. */
export interface FaultContext {
  readonly rec: Recorder;
  readonly plan: Plan;
  readonly emulator: SoakEmulator;
  readonly redis: SoakRedis;
  readonly replicas: readonly Replica[];
  readonly plays: Plays;
  readonly demoSessionIds: readonly string[];
  readonly metricsToken: string;
  /** The gateway's upstream deadline: a stall longer than it fails the read. */
  readonly upstreamDeadlineMs: number;
  /** Start of the load phase, for the progress lines. */
  readonly t0: number;
  readonly log: (line: string) => void;
}

/** Opens a window now; its end is set when the fault is over. */
function open(rec: Recorder, w: Omit<FaultWindow, "start" | "end" | "settleEnd">, log?: (line: string) => void, t0 = 0, start = Date.now()): FaultWindow {
  if (log) log(`  t=${((Date.now() - t0) / 1000).toFixed(1)}s fault: ${w.label}`);
  const window: FaultWindow = { ...w, start, end: Number.POSITIVE_INFINITY, settleEnd: Number.POSITIVE_INFINITY };
  rec.windows.push(window);
  return window;
}

function close(window: FaultWindow): void {
  window.end = Date.now();
  window.settleEnd = window.end + SETTLE_MS[window.kind];
}

/** The upstream fault rules, in rotation; every one limited by `times`, so its extra GETs are bounded. */
function upstreamFaults(deadlineMs: number): [string, UpstreamFault][] {
  return [
    ["stall past the deadline", { delayMs: deadlineMs + 2_000, times: 6 }],
    ["500", { status: 500, times: 8 }],
    ["429 Retry-After 1", { status: 429, retryAfterSeconds: 1, times: 6 }],
    ["slow body", { chunkDelayMs: 700, chunkBytes: 1_500, times: 4 }],
  ];
}

/** Runs the schedule until no further fault fits before `endAt`. */
export async function runFaults(ctx: FaultContext, endAt: number, stopped: () => boolean): Promise<void> {
  const { plan } = ctx;
  const rotation = ["upstream", "drop", "redis", "upstream", "restart"] as const;
  // Rough lengths, to start only what can finish (and settle) inside the load phase.
  const restartBoth = plan.durationS >= 90;
  const length = { upstream: plan.upstreamFaultMs + SETTLE_MS.upstream, drop: 5_000, redis: plan.redisDownMs + 6_000, restart: restartBoth ? 25_000 : 12_000 } as const;
  const faults = upstreamFaults(ctx.upstreamDeadlineMs);
  let upstreamCount = 0;
  let restartCount = 0;
  let lastRestart = Number.NEGATIVE_INFINITY;
  await sleep(2_000);
  for (let i = 0; !stopped(); i++) {
    let kind: (typeof rotation)[number] = rotation[i % rotation.length]!;
    // Short runs: the second upstream fault of the rotation waits until every kind has happened once.
    if (plan.durationS < 90 && i === 3) kind = "restart";
    // Long runs restart rarely, so that some replica lives last 5 minutes and more: RSS is judged on those.
    if (kind === "restart" && Date.now() - lastRestart < plan.restartEveryMs) continue;
    if (Date.now() + length[kind] > endAt) {
      if (kind === "restart" || i >= rotation.length) break;
      continue;
    }
    if (kind === "upstream") await upstreamFault(ctx, faults[upstreamCount % faults.length]!, upstreamCount++ % 2 === 1);
    else if (kind === "drop") await clientDrop(ctx);
    else if (kind === "redis") await redisOutage(ctx);
    else {
      lastRestart = Date.now();
      const first = ctx.replicas[restartCount++ % ctx.replicas.length]!;
      await rollingRestart(ctx, first);
      if (restartBoth) {
        await sleep(2_000);
        await rollingRestart(ctx, ctx.replicas.find((r) => r !== first)!);
      }
    }
    await sleep(plan.faultGapMs);
  }
}

/** Installs one fault rule for `plan.upstreamFaultMs`, for every session or for one (a played one when a play is on). */
async function upstreamFault(ctx: FaultContext, [label, fault]: [string, UpstreamFault], oneSession: boolean): Promise<void> {
  const playing = ctx.rec.plays.filter((p) => Date.now() - p.startedAt < p.stepMs * 7);
  const sessionId = !oneSession ? "*" : playing.length ? playing[playing.length - 1]!.sessionId : ctx.demoSessionIds[Math.floor(Math.random() * ctx.demoSessionIds.length)]!;
  const window = open(ctx.rec, { kind: "upstream", label: `${label} for ${sessionId === "*" ? "every session" : "one session"}`, sessionId, times: fault.times }, ctx.log, ctx.t0);
  await ctx.emulator.setFault(sessionId, fault);
  await sleep(ctx.plan.upstreamFaultMs);
  // Cleared rather than left to run out: an unused rule must not fire outside its window.
  await ctx.emulator.clearFaults();
  close(window);
}

/** SIGKILL Redis, leave it down, start it on the same port, and wait for every replica to say it reconnected. */
async function redisOutage(ctx: FaultContext): Promise<void> {
  const window = open(ctx.rec, { kind: "redis", label: `Redis SIGKILL, down ${ctx.plan.redisDownMs} ms` }, ctx.log, ctx.t0);
  await ctx.redis.kill();
  await sleep(ctx.plan.redisDownMs);
  const restartedAt = Date.now();
  await ctx.redis.start();
  const deadline = Date.now() + REDIS_RECONNECT_MAX_MS;
  const reconnected = () => ctx.replicas.every((r) => !r.running() || (r.life?.redisRestoredAt.some((t) => t >= restartedAt) ?? false) || (r.life?.startedAt ?? 0) > restartedAt);
  while (!reconnected() && Date.now() < deadline) await sleep(100);
  close(window);
}

/** SIGTERM one replica, wait for its exit, start it again on the same port, wait until it is ready. */
async function rollingRestart(ctx: FaultContext, replica: Replica): Promise<void> {
  await replica.exclusive(async () => {
    await scrapeProcessErrors(replica, ctx.metricsToken).catch(() => {});
    const window = open(ctx.rec, { kind: "restart", label: `rolling restart of replica ${replica.name}`, replica: replica.name }, ctx.log, ctx.t0);
    try {
      await replica.stop();
      await replica.start(STARTUP_TIMEOUT_MS);
    } finally {
      close(window);
    }
  });
}

/** Cuts the sockets of one or two open subscriptions without a close frame (waiting up to 5 s for one); they must resubscribe. */
async function clientDrop(ctx: FaultContext): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (ctx.plays.connected().length === 0 && Date.now() < deadline) await sleep(100);
  const open_ = ctx.plays.connected().sort(() => Math.random() - 0.5).slice(0, 2);
  let dropped = 0;
  for (const s of open_) if (s.drop()) dropped++;
  close(open(ctx.rec, { kind: "drop", label: `client drop of ${dropped} subscriber(s)` }, ctx.log, ctx.t0));
}

/**
 * Supervisor for unplanned exits: as an orchestrator would, start the replica again. The window covers the
 * outage; it opens 300 ms before the exit was noticed, since the dying process's sockets reset a few ms
 * before its exit status reaches the soak (only attribution: what fails in it still fails).
 */
export function restartAfterCrash(rec: Recorder, replica: Replica, log: (line: string) => void, t0: number): void {
  const window = open(rec, { kind: "crash", label: `unplanned exit of replica ${replica.name}`, replica: replica.name }, log, t0, Date.now() - 300);
  void replica
    .exclusive(async () => {
      await sleep(500);
      if (!replica.running()) await replica.start(STARTUP_TIMEOUT_MS);
    })
    .catch((error: unknown) => console.error(`  replica ${replica.name} could not be restarted: ${error instanceof Error ? error.message.split("\n")[0] : error}`))
    .finally(() => close(window));
}
