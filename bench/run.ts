// `npm run bench [-- --quick] [-- --rounds=N]`: the gateway against a minimal official-SDK baseline.
// See bench/README.md for what each scenario measures and how to read the ratios.
import { availableParallelism } from "node:os";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { cachedGatewayEnv, cachedScenario, CACHE_TTL_SECONDS, type CachedResult, type CachedRun } from "./cached.js";
import { isolation, type IsolationResult } from "./isolation.js";
import { liveScenario, type LiveResults } from "./live.js";
import { startOtlpSink } from "./otlp-sink.js";
import { checkMachine, DEFAULT_MAX_LOAD_PER_CORE, provenanceLine, type Provenance } from "./provenance.js";
import { benchGatewayEnv, GATEWAY_NODE_OPTIONS } from "./gateway-env.js";
import { EnvSchema } from "../src/config/env-schema.js";
import { cpuMs, freePort, killAllSync, rssBytes, rssParts, spawnNode, stopAll, stopChild, waitForHttp, type Child } from "./processes.js";


const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DIST = join(ROOT, "dist");
const RESULTS_DIR = join(ROOT, "bench", "results");
const STARTUP_TIMEOUT_MS = 30_000;
const FANIN_DISTINCT = 20;
const FANIN_ALIASES = 100;
const FANIN_LATENCY_MS = 20;
/** Issue 19's bound for 20 distinct ids at 20 ms each: two round trips plus 20%, as the old default cap of 16 forced; the default cap of 32 sends all 20 in one wave. */
const FANIN_TARGET_MS = 48;
const LATENCY_MS = 20;
const RSS_SAMPLE_MS = 100;
/** The name of the server span of a measured request: counted in the sink's bodies to see that no span was dropped. */
const TRACED_SPAN_MARKER = "POST /graphql";

// ---------------------------------------------------------------- options

interface Plan {
  quick: boolean;
  /** `--only=live` / `--only=cached` / `--only=fanin` / `--only=latency`: just that scenario, merged into the existing latest.json. */
  only?: "live" | "cached" | "fanin" | "latency";
  /** Measure even when the machine's load is above `maxLoadPerCore` (the run is then marked busy). */
  force: boolean;
  maxLoadPerCore: number;
  rounds: number;
  throughputSeconds: number;
  latencySeconds: number;
  warmupSeconds: number;
  faninRepeats: number;
}

function parseArgs(argv: string[]): Plan {
  const quick = argv.includes("--quick");
  const roundsArg = argv.find((a) => a.startsWith("--rounds="));
  const rounds = roundsArg ? Number(roundsArg.slice("--rounds=".length)) : quick ? 3 : 5;
  if (!Number.isInteger(rounds) || rounds < 3 || rounds > 50) throw new Error("--rounds must be an integer from 3 to 50");
  const onlyArg = argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
  if (onlyArg !== undefined && !["live", "cached", "fanin", "latency"].includes(onlyArg)) throw new Error("--only must be live, cached, fanin or latency");
  const only = onlyArg as Plan["only"];
  const force = argv.includes("--force");
  const loadArg = argv.find((a) => a.startsWith("--max-load="));
  const maxLoadPerCore = loadArg ? Number(loadArg.slice("--max-load=".length)) : DEFAULT_MAX_LOAD_PER_CORE;
  if (!(maxLoadPerCore > 0)) throw new Error("--max-load must be a positive number (1-minute load per core)");
  const known = (a: string) => a === "--quick" || a === "--force" || a.startsWith("--only=") || a.startsWith("--rounds=") || a.startsWith("--max-load=");
  const unknown = argv.filter((a) => !known(a));
  if (unknown.length) throw new Error(`unknown argument(s): ${unknown.join(" ")} (use --quick, --rounds=N, --only=live|cached|fanin, --max-load=N, --force)`);
  const common = { quick, only, force, maxLoadPerCore, rounds };
  return quick
    ? { ...common, throughputSeconds: 3, latencySeconds: 3, warmupSeconds: 2, faninRepeats: 5 }
    : { ...common, throughputSeconds: 10, latencySeconds: 10, warmupSeconds: 5, faninRepeats: 11 };
}

function maxConcurrency(): number {
  // The gateway's own rule for the variable (its default and bounds), so the two never drift apart.
  const parsed = EnvSchema.shape.YOTI_MAX_CONCURRENCY.safeParse(process.env.YOTI_MAX_CONCURRENCY);
  if (!parsed.success) throw new Error(`YOTI_MAX_CONCURRENCY: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

// ---------------------------------------------------------------- small statistics

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile of unsorted samples. */
function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

// ---------------------------------------------------------------- the processes

interface EmulatorInfo {
  baseUrl: string;
  sdkId: string;
  keyFile: string;
  sessions: { id: string; name: string }[];
}

interface Stack {
  emulator: Child;
  emu: EmulatorInfo;
  /** Origin of the emulator (control endpoints live outside the API mount path). */
  emuOrigin: string;
  gateway: Child;
  gatewayUrl: string;
  baseline: Child;
  baselineUrl: string;
}

/** Emulator (with `latencyMs`), gateway and baseline, each its own process on loopback. */
async function startStack(latencyMs: number, sessionsDir: string, concurrency: number): Promise<Stack> {
  const { child: emulator, emu } = await spawnEmulator("emulator", latencyMs, sessionsDir);
  const upstreamEnv = {
    YOTI_CLIENT_SDK_ID: emu.sdkId,
    YOTI_KEY_FILE_PATH: emu.keyFile,
    YOTI_IDV_API_URL: emu.baseUrl,
  };

  const { child: gateway, url: gatewayUrl } = spawnGateway("gateway", emu, concurrency, {}, await freePort());
  const baseline = spawnNode("baseline", ["--import", "tsx", join(ROOT, "bench", "baseline-server.ts")], {
    ...upstreamEnv,
    BASELINE_HOST: "127.0.0.1",
    BASELINE_PORT: "0",
  });
  const baselineUrl = (JSON.parse(await baseline.firstLine(STARTUP_TIMEOUT_MS)) as { url: string }).url;
  await Promise.all([
    waitForHttp(gateway, `${gatewayUrl}/health/ready`, STARTUP_TIMEOUT_MS),
    waitForHttp(baseline, `${baselineUrl}/health`, STARTUP_TIMEOUT_MS),
  ]);
  return { emulator, emu, emuOrigin: new URL(emu.baseUrl).origin, gateway, gatewayUrl, baseline, baselineUrl };
}

/** An emulator process serving `sessionsDir` with `latencyMs` per answer; resolves once it printed its coordinates. */
async function spawnEmulator(name: string, latencyMs: number, sessionsDir: string): Promise<{ child: Child; emu: EmulatorInfo }> {
  const child = spawnNode(name, [join(DIST, "emulator", "main.js")], {
    EMULATOR_PORT: "0",
    EMULATOR_HOST: "127.0.0.1",
    EMULATOR_LATENCY_MS: String(latencyMs),
    EMULATOR_SESSIONS_DIR: sessionsDir,
  });
  return { child, emu: JSON.parse(await child.firstLine(STARTUP_TIMEOUT_MS)) as EmulatorInfo };
}

/** A gateway process as in production against the emulator; `env` adds to (or overrides) its environment. */
function spawnGateway(name: string, emu: EmulatorInfo, concurrency: number, env: Record<string, string>, port: number): { child: Child; url: string } {
  const child = spawnNode(name, [join(DIST, "main.js")], benchGatewayEnv(emu, port, { YOTI_MAX_CONCURRENCY: String(concurrency), ...env }));
  return { child, url: `http://127.0.0.1:${port}` };
}

/** A sessions folder: the bundled demo sessions plus `extra` copies of the approved one under fresh ids. */
async function makeSessionsDir(dir: string, extra: number): Promise<string[]> {
  const bundled = join(DIST, "emulator", "data", "sessions");
  await mkdir(dir, { recursive: true });
  for (const file of (await readdir(bundled)).filter((f) => f.endsWith(".json"))) {
    await writeFile(join(dir, file), await readFile(join(bundled, file)));
  }
  const approved = JSON.parse(await readFile(join(bundled, "approved.json"), "utf8")) as Record<string, unknown>;
  const ids: string[] = [];
  for (let i = 0; i < extra; i++) {
    const id = randomUUID();
    ids.push(id);
    await writeFile(join(dir, `bench-fanin-${String(i).padStart(2, "0")}.json`), JSON.stringify({ ...approved, session_id: id }));
  }
  return ids;
}

// ---------------------------------------------------------------- requests

interface Target {
  /** For the log lines: "gateway", "baseline", "tracing off", ... */
  name: string;
  /** The process serving it, for its CPU time per request. */
  pid: number;
  opts: { url: string; method: string; headers?: Record<string, string>; body?: string };
  /** The exact body every response must have (captured by the check request). */
  expectBody: string;
}

const GQL_HEADERS = { "content-type": "application/json" };

async function gatewayTarget(gateway: { url: string; child: Child }, query: string, sessionId: string, name = "gateway"): Promise<Target> {
  const body = JSON.stringify({ query, operationName: "FullSession", variables: { id: sessionId } });
  const res = await fetch(`${gateway.url}/`, { method: "POST", headers: GQL_HEADERS, body });
  const text = await res.text();
  let parsed: { data?: { session?: { id?: string } | null }; errors?: unknown[] } | undefined;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // handled below
  }
  if (!res.ok || !parsed || parsed.errors?.length || parsed.data?.session?.id !== sessionId) {
    throw new Error(`the gateway did not answer the FullSession query cleanly (HTTP ${res.status}): ${text.slice(0, 2_000)}`);
  }
  return { name, pid: gateway.child.pid, opts: { url: `${gateway.url}/`, method: "POST", headers: GQL_HEADERS, body }, expectBody: text };
}

async function baselineTarget(stack: Stack, sessionId: string): Promise<Target> {
  const url = `${stack.baselineUrl}/sessions/${sessionId}`;
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok || !text.includes(sessionId)) {
    throw new Error(`the baseline did not answer GET /sessions/${sessionId} (HTTP ${res.status}): ${text.slice(0, 1_000)}\n${stack.baseline.stderrTail()}`);
  }
  return { name: "baseline", pid: stack.baseline.pid, opts: { url, method: "GET" }, expectBody: text };
}

// ---------------------------------------------------------------- load

interface RunResult {
  /** 2xx responses with the expected body, per second. */
  rps: number;
  p50: number;
  p99: number;
  good: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  firstMismatch?: string;
  /** CPU time (all threads) the serving process spent per good response, when /proc is readable. */
  cpuMsPerRequest?: number;
}

/** One autocannon run; latencies come from each response's own (sub-ms) timing, 2xx only. */
async function load(target: Target, connections: number, seconds: number): Promise<RunResult> {
  const latencies: number[] = [];
  let firstMismatch: string | undefined;
  const instance = autocannon({
    ...target.opts,
    connections,
    duration: seconds,
    expectBody: target.expectBody,
    timeout: 10,
    excludeErrorStats: true,
  });
  instance.on("response", (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
  instance.on("reqMismatch", (body) => {
    firstMismatch ??= String(body).slice(0, 500);
  });
  const cpuBefore = await cpuMs(target.pid);
  const r = await instance;
  const cpuAfter = await cpuMs(target.pid);
  const good = Math.max(0, r["2xx"] - r.mismatches);
  return {
    rps: good / r.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    good,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    mismatches: r.mismatches,
    firstMismatch,
    cpuMsPerRequest: cpuBefore !== undefined && cpuAfter !== undefined && good > 0 ? (cpuAfter - cpuBefore) / good : undefined,
  };
}

interface Faults {
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  requests: number;
  firstMismatch?: string;
}
const noFaults = (): Faults => ({ errors: 0, timeouts: 0, non2xx: 0, mismatches: 0, requests: 0 });
function addFaults(f: Faults, r: RunResult): void {
  f.errors += r.errors;
  f.timeouts += r.timeouts;
  f.non2xx += r.non2xx;
  f.mismatches += r.mismatches;
  f.requests += r.good;
  f.firstMismatch ??= r.firstMismatch;
}

/** The rounds of two targets run alternately: `a` is the side measured, `b` the one it is compared with. */
interface Alternated {
  a: RunResult[];
  b: RunResult[];
  faults: { a: Faults; b: Faults };
}

/** Warm both up, then A B A B ... for `rounds` rounds; `measuring` runs between the warm-ups and the first round. */
async function alternate(label: string, plan: Plan, a: Target, b: Target, connections: number, seconds: number, measuring?: () => Promise<void>): Promise<Alternated> {
  const out: Alternated = { a: [], b: [], faults: { a: noFaults(), b: noFaults() } };
  for (const t of [a, b]) {
    const warm = await load(t, connections, plan.warmupSeconds);
    if (warm.good === 0) throw new Error(`${label}: ${t.name} served no good response during warm-up (${JSON.stringify(warm)})`);
  }
  await measuring?.();
  for (let i = 0; i < plan.rounds; i++) {
    for (const [side, t] of [["a", a], ["b", b]] as const) {
      const r = await load(t, connections, seconds);
      out[side].push(r);
      addFaults(out.faults[side], r);
      const cpu = r.cpuMsPerRequest === undefined ? "" : `  cpu ${r.cpuMsPerRequest.toFixed(2)} ms/req`;
      log(`  ${label} round ${i + 1}/${plan.rounds} ${t.name.padEnd(11)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms${cpu}`);
    }
  }
  return out;
}

/** Median CPU ms per served request over rounds, or undefined when /proc was not readable. */
function medianCpu(runs: RunResult[]): number | undefined {
  const xs = runs.map((r) => r.cpuMsPerRequest).filter((x): x is number => x !== undefined);
  return xs.length ? round2(median(xs)) : undefined;
}

/** Median over rounds of the per-round ratio a/b (each pair ran back to back). */
function pairedRatio(res: Alternated, pick: (r: RunResult) => number): number {
  return median(res.a.map((x, i) => pick(x) / pick(res.b[i]!)));
}

// ---------------------------------------------------------------- scenarios

async function throughputAndRss(plan: Plan, stack: Stack, query: string, sessionId: string) {
  const [gw, base] = [await gatewayTarget({ url: stack.gatewayUrl, child: stack.gateway }, query, sessionId), await baselineTarget(stack, sessionId)];
  const idle = await rssBytes(stack.gateway.pid);
  if (idle === undefined) log("  warning: cannot read the gateway's RSS from /proc; rss_peak_mb will be 0");
  else log(`  gateway RSS after start and one query: ${(idle / (1024 * 1024)).toFixed(1)} MB`);
  let peak = 0;
  // The file-backed part at the peak: it differs by Node line (the binary's size), not by our code.
  let peakFile = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const rss = await rssParts(stack.gateway.pid);
      if (rss !== undefined && rss.total > peak) [peak, peakFile] = [rss.total, rss.file];
      await sleep(RSS_SAMPLE_MS);
    }
  })();
  let res: Alternated;
  try {
    res = await alternate("throughput", plan, gw, base, 32, plan.throughputSeconds);
  } finally {
    sampling = false;
    await sampler;
  }
  return {
    throughput: {
      gateway_rps: round2(median(res.a.map((r) => r.rps))),
      baseline_rps: round2(median(res.b.map((r) => r.rps))),
      ratio: round3(pairedRatio(res, (r) => r.rps)),
    },
    rss_peak_mb: round2(peak / (1024 * 1024)),
    rssPeakFileMb: round2(peakFile / (1024 * 1024)),
    cpu: { gateway: medianCpu(res.a), baseline: medianCpu(res.b) },
    faults: { gateway: res.faults.a, baseline: res.faults.b },
    bodyBytes: { gateway: gw.expectBody.length, baseline: base.expectBody.length },
  };
}

async function latency(plan: Plan, stack: Stack, query: string, sessionId: string) {
  const [gw, base] = [await gatewayTarget({ url: stack.gatewayUrl, child: stack.gateway }, query, sessionId), await baselineTarget(stack, sessionId)];
  const res = await alternate("latency", plan, gw, base, 1, plan.latencySeconds);
  return {
    latency: {
      gateway_p50_ms: round2(median(res.a.map((r) => r.p50))),
      baseline_p50_ms: round2(median(res.b.map((r) => r.p50))),
      gateway_p99_ms: round2(median(res.a.map((r) => r.p99))),
      baseline_p99_ms: round2(median(res.b.map((r) => r.p99))),
      ratio_p50: round3(pairedRatio(res, (r) => r.p50)),
    },
    faults: { gateway: res.faults.a, baseline: res.faults.b },
  };
}

/**
 * The same gateway with tracing on (every request sampled, OTLP/protobuf to a local sink with the
 * SDK's default batching) against the one with tracing off, alternately, at c=32.
 */
async function tracingOverhead(plan: Plan, stack: Stack, query: string, sessionId: string, concurrency: number) {
  const sink = await startOtlpSink(TRACED_SPAN_MARKER);
  const traced = spawnGateway(
    "traced gateway",
    stack.emu,
    concurrency,
    // No readiness grace: stopping it below must flush its spans well before the runner loses patience (SIGKILL after 3 s).
    { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, GATEWAY_SHUTDOWN_GRACE_MS: "0" },
    await freePort(),
  );
  try {
    await waitForHttp(traced.child, `${traced.url}/health/ready`, STARTUP_TIMEOUT_MS);
    const on = await gatewayTarget(traced, query, sessionId, "tracing on");
    const off = await gatewayTarget({ url: stack.gatewayUrl, child: stack.gateway }, query, sessionId, "tracing off");
    const res = await alternate("tracing", plan, on, off, 32, plan.throughputSeconds);
    const served = await graphqlRequestsServed(traced.url);
    // Stopping the traced gateway flushes its last spans: then every request it served should be in the sink.
    await stopChild(traced.child);
    const counts = sink.counts();
    if (counts.exports === 0) throw new Error("tracing: the traced gateway exported no spans to the sink");
    return {
      tracing: {
        off_rps: round2(median(res.b.map((r) => r.rps))),
        on_rps: round2(median(res.a.map((r) => r.rps))),
        ratio: round3(pairedRatio(res, (r) => r.rps)),
      },
      p50: { off: round2(median(res.b.map((r) => r.p50))), on: round2(median(res.a.map((r) => r.p50))) },
      cpu: { off: medianCpu(res.b), on: medianCpu(res.a) },
      exports: { ...counts, measured: served },
      faults: { gateway: res.faults.a, baseline: res.faults.b },
    };
  } finally {
    await stopChild(traced.child);
    await sink.close();
  }
}

/**
 * A second gateway process, identical but for the session cache (GATEWAY_CACHE_TTL_SECONDS), against
 * the SDK baseline at c=32 on the finished session. The cached gateway has an emulator of its own
 * (same sessions, 0 ms), so that emulator's counters are the cached gateway's GETs alone (cached.ts).
 */
async function cachedVsBaseline(plan: Plan, stack: Stack, sessionsDir: string, query: string, sessionId: string, concurrency: number) {
  const own = await spawnEmulator("cached emulator", 0, sessionsDir);
  const cached = spawnGateway("cached gateway", own.emu, concurrency, cachedGatewayEnv(), await freePort());
  try {
    await waitForHttp(cached.child, `${cached.url}/health/ready`, STARTUP_TIMEOUT_MS);
    const gw = await gatewayTarget(cached, query, sessionId, "cached");
    const base = await baselineTarget(stack, sessionId);
    // A fresh process: its JIT is cold where the baseline has served every earlier scenario. One more warm-up evens that out.
    await load(gw, 32, plan.warmupSeconds);
    let faults = { gateway: noFaults(), baseline: noFaults() };
    const run = await cachedScenario({
      emuOrigin: new URL(own.emu.baseUrl).origin,
      gatewayUrl: cached.url,
      sessionId,
      log,
      alternate: async (measuring) => {
        const res = await alternate("cached", plan, gw, base, 32, plan.throughputSeconds, measuring);
        faults = { gateway: res.faults.a, baseline: res.faults.b };
        return res;
      },
    });
    return { ...run, faults };
  } finally {
    await stopChild(cached.child);
    await stopChild(own.child);
  }
}

/** GraphQL requests a gateway has served so far, whatever their status, from its own /metrics. */
async function graphqlRequestsServed(gatewayUrl: string): Promise<number> {
  const res = await fetch(`${gatewayUrl}/metrics`);
  const text = await res.text();
  if (!res.ok) throw new Error(`metrics: HTTP ${res.status}`);
  return [...text.matchAll(/^idv_graph_http_requests_total\{[^}]*route="\/graphql"[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

function faninQuery(ids: string[]): string {
  const fields = Array.from({ length: FANIN_ALIASES }, (_, i) => `  s${i}: session(id: "${ids[i % ids.length]}") { id state checks { type state } }`);
  return `query FanIn {\n${fields.join("\n")}\n}`;
}

async function emulatorStats(stack: Stack): Promise<{ sessionGets: Record<string, number>; total: number }> {
  const res = await fetch(`${stack.emuOrigin}/__emulator/stats`);
  if (!res.ok) throw new Error(`emulator stats: HTTP ${res.status}`);
  return (await res.json()) as { sessionGets: Record<string, number>; total: number };
}

async function fanin(plan: Plan, stack: Stack, ids: string[], concurrency: number) {
  const body = JSON.stringify({ query: faninQuery(ids) });
  const once = async () => {
    const reset = await fetch(`${stack.emuOrigin}/__emulator/reset`, { method: "POST" });
    await reset.arrayBuffer();
    if (!reset.ok) throw new Error(`emulator reset: HTTP ${reset.status}`);
    const t0 = performance.now();
    const res = await fetch(`${stack.gatewayUrl}/`, { method: "POST", headers: GQL_HEADERS, body });
    const text = await res.text();
    const wall = performance.now() - t0;
    const parsed = JSON.parse(text) as { data?: Record<string, { id: string } | null>; errors?: unknown[] };
    const answered = Object.values(parsed.data ?? {}).filter((s) => s && typeof s.id === "string").length;
    if (!res.ok || parsed.errors?.length || answered !== FANIN_ALIASES) {
      throw new Error(`fanin: the gateway did not answer all ${FANIN_ALIASES} aliases (HTTP ${res.status}): ${text.slice(0, 2_000)}`);
    }
    const stats = await emulatorStats(stack);
    const gets = Object.values(stats.sessionGets).reduce((a, b) => a + b, 0);
    return { wall, gets, distinct: Object.keys(stats.sessionGets).length };
  };
  await once(); // warm-up (JIT, keep-alive sockets)
  const runs = [];
  for (let i = 0; i < plan.faninRepeats; i++) runs.push(await once());
  log(`  fanin walls (ms): ${runs.map((r) => r.wall.toFixed(1)).join(" ")}; upstream GETs per request: ${runs.map((r) => r.gets).join(" ")}`);
  return {
    fanin: {
      // The worst request: any repeat that fetched an id twice shows up here.
      upstream_gets: Math.max(...runs.map((r) => r.gets)),
      distinct_ids: new Set(ids).size,
      wall_ms: round2(median(runs.map((r) => r.wall))),
      ideal_ms: Math.ceil(new Set(ids).size / concurrency) * FANIN_LATENCY_MS,
    },
    repeats: runs.length,
  };
}

// ---------------------------------------------------------------- report

interface Results {
  throughput: { gateway_rps: number; baseline_rps: number; ratio: number };
  latency: { gateway_p50_ms: number; baseline_p50_ms: number; gateway_p99_ms: number; baseline_p99_ms: number; ratio_p50: number };
  fanin: { upstream_gets: number; distinct_ids: number; wall_ms: number; ideal_ms: number };
  isolation: IsolationResult;
  rss_peak_mb: number;
  /** Tracing on (every request sampled and exported) against off: throughput only, no target. */
  tracing: { off_rps: number; on_rps: number; ratio: number };
  machine: string;
  /** The commit, Node version and machine load the run was taken with. */
  provenance: Provenance;
  live?: LiveResults;
  /** The gateway with the session cache on against the SDK baseline, c=32 on a finished session. */
  cached?: CachedResult;
}

const mark = (ok: boolean) => (ok ? "PASS" : "MISS");

function liveRows(live: LiveResults | undefined): [string, string, string][] {
  if (!live) return [];
  const budget = 50 + live.upstream_latency_ms;
  return [
    ["live.subscribers / sessions", `${live.subscribers} / ${live.sessions}`, ""],
    ["live.upstream_gets", String(live.upstream_gets), `${mark(live.upstream_gets === live.webhooks)}  (target == ${live.webhooks} webhooks)`],
    ["live.delivery_p50_ms", String(live.delivery_p50_ms), ""],
    ["live.delivery_p99_ms", String(live.delivery_p99_ms), `${mark(live.delivery_p99_ms < budget)}  (target < 50 + ${live.upstream_latency_ms} upstream)`],
    ["live.rss_mb", String(live.rss_mb), `${mark(live.rss_mb < 200)}  (target < 200)`],
  ];
}

function cachedRows(cached: CachedResult | undefined, allowedGets: number | undefined): [string, string, string][] {
  if (!cached) return [];
  return [
    ["cached.gateway_rps", String(cached.gateway_rps), ""],
    ["cached.baseline_rps", String(cached.baseline_rps), ""],
    ["cached.ratio", String(cached.ratio), `${mark(cached.ratio >= 8)}  (target >= 8)`],
    [
      "cached.upstream_gets",
      String(cached.upstream_gets),
      allowedGets === undefined ? "" : `${mark(cached.upstream_gets <= allowedGets)}  (target <= ${allowedGets}: 1 per notification (${cached.notifications}) + 1 per ${CACHE_TTL_SECONDS} s TTL)`,
    ],
  ];
}

function table(r: Partial<Results>, cachedAllowedGets?: number): string {
  const rows: [string, string, string][] = r.throughput && r.latency && r.fanin ? [
    ["throughput.gateway_rps", String(r.throughput.gateway_rps), ""],
    ["throughput.baseline_rps", String(r.throughput.baseline_rps), ""],
    ["throughput.ratio", String(r.throughput.ratio), `${mark(r.throughput.ratio >= 1.0)}  (target >= 1.0, goal 1.3)`],
    ["latency.gateway_p50_ms", String(r.latency.gateway_p50_ms), ""],
    ["latency.baseline_p50_ms", String(r.latency.baseline_p50_ms), ""],
    ["latency.gateway_p99_ms", String(r.latency.gateway_p99_ms), ""],
    ["latency.baseline_p99_ms", String(r.latency.baseline_p99_ms), ""],
    ["latency.ratio_p50", String(r.latency.ratio_p50), `${mark(r.latency.ratio_p50 <= 1.0)}  (target <= 1.0)`],
    ["fanin.upstream_gets", String(r.fanin.upstream_gets), `${mark(r.fanin.upstream_gets === r.fanin.distinct_ids)}  (target == distinct_ids)`],
    ["fanin.distinct_ids", String(r.fanin.distinct_ids), ""],
    ["fanin.wall_ms", String(r.fanin.wall_ms), `${mark(r.fanin.wall_ms <= FANIN_TARGET_MS)}  (target <= ${FANIN_TARGET_MS})`],
    ["fanin.ideal_ms", String(r.fanin.ideal_ms), ""],
    ["isolation.healthy_p50_ms", String(r.isolation?.healthy_p50_ms), ""],
    ["isolation.healthy_p99_ms", String(r.isolation?.healthy_p99_ms), ""],
    ["isolation.baseline_p50_ms", String(r.isolation?.baseline_p50_ms), ""],
    ["isolation.baseline_p99_ms", String(r.isolation?.baseline_p99_ms), ""],
    ["isolation.ratio_p99", String(r.isolation?.ratio_p99), `${mark((r.isolation?.ratio_p99 ?? Infinity) <= 2)}  (target <= 2)`],
    ["rss_peak_mb", String(r.rss_peak_mb), `${mark(r.rss_peak_mb! <= 150)}  (target <= 150)`],
    ["tracing.off_rps", String(r.tracing?.off_rps), ""],
    ["tracing.on_rps", String(r.tracing?.on_rps), ""],
    ["tracing.ratio", String(r.tracing?.ratio), "(reported, no target)"],
  ] : [];
  rows.push(...liveRows(r.live), ...cachedRows(r.cached, cachedAllowedGets), ["machine", r.machine ?? "", ""]);
  if (r.provenance) {
    rows.push(["commit", r.provenance.commit, ""], ["load per core", String(r.provenance.load_per_core), r.provenance.busy ? "BUSY MACHINE (--force): figures are suspect" : ""]);
  }
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const line = `+-${"-".repeat(w0)}-+-${"-".repeat(w1)}-+-${"-".repeat(44)}-+`;
  const fmt = (a: string, b: string, c: string) => `| ${a.padEnd(w0)} | ${b.padStart(w1)} | ${c.padEnd(44)} |`;
  return [line, fmt("metric", "value", "target"), line, ...rows.map(([a, b, c]) => fmt(a, b, c)), line].join("\n");
}

function faultLine(scenario: string, f: { gateway: Faults; baseline: Faults }): string {
  const one = (name: string, x: Faults) =>
    `${name}: ${x.requests} ok, ${x.errors} errors (${x.timeouts} timeouts), ${x.non2xx} non-2xx, ${x.mismatches} unexpected bodies` +
    (x.firstMismatch ? ` [first: ${x.firstMismatch.slice(0, 200)}]` : "");
  return `${scenario.padEnd(10)} ${one("gateway", f.gateway)}; ${one("baseline", f.baseline)}`;
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** Below the table: the cached scenario's window and p50s (not part of latest.json). */
function cachedLine(c: CachedRun): string {
  return `cached     ${c.cached.upstream_gets} session GETs for ${c.cached.notifications} notifications in ${c.windowSeconds} s of measured rounds (TTL ${CACHE_TTL_SECONDS} s, so at most ${c.allowedGets}); p50 cached gateway ${c.p50.gateway} ms, baseline ${c.p50.baseline} ms`;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const plan = parseArgs(process.argv.slice(2));
  const concurrency = maxConcurrency();
  // Before anything starts: the bench's own processes would count as load.
  const provenance = checkMachine(ROOT, plan.maxLoadPerCore, plan.force);
  log(provenanceLine(provenance));
  const started = Date.now();
  const query = await readFile(join(ROOT, "test", "operations", "full-session.graphql"), "utf8");
  const tmp = await mkdtemp(join(tmpdir(), "idv-graph-bench-"));
  tmpDir = tmp;
  try {
    const faninIds = await makeSessionsDir(join(tmp, "sessions"), FANIN_DISTINCT);
    const machine = `${availableParallelism()} cores, node ${process.version}`;
    if (plan.only === "cached") {
      log(`cached: the gateway with GATEWAY_CACHE_TTL_SECONDS=${CACHE_TTL_SECONDS} vs the SDK baseline, emulator latency 0 ms, c=32`);
      const stack = await startStack(0, join(tmp, "sessions"), concurrency);
      const approved = stack.emu.sessions.find((s) => s.name === "approved")?.id;
      if (!approved) throw new Error("the emulator has no 'approved' demo session");
      const c = await cachedVsBaseline(plan, stack, join(tmp, "sessions"), query, approved, concurrency);
      await stopAll();
      const previous = await readFile(join(RESULTS_DIR, "latest.json"), "utf8").then((t) => JSON.parse(t) as Partial<Results>, () => ({}));
      await mkdir(RESULTS_DIR, { recursive: true });
      await writeFile(join(RESULTS_DIR, "latest.json"), `${JSON.stringify({ ...previous, cached: c.cached, machine, provenance }, null, 2)}\n`);
      console.log(table({ cached: c.cached, machine, provenance }, c.allowedGets));
      console.log(cachedLine(c));
      console.log(faultLine("cached", c.faults));
      console.log(`wrote the cached object of bench/results/latest.json in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      return;
    }
    if (plan.only === "live") {
      log("live: 1,000 graphql-ws subscribers over 100 sessions, then 100 webhooks");
      const live = await liveScenario(DIST, join(tmp, "sessions"), GATEWAY_NODE_OPTIONS, log);
      await stopAll();
      // The other scenarios' figures stay as the last full run left them.
      const previous = await readFile(join(RESULTS_DIR, "latest.json"), "utf8").then((t) => JSON.parse(t) as Partial<Results>, () => ({}));
      const results = { ...previous, live, machine, provenance };
      await mkdir(RESULTS_DIR, { recursive: true });
      await writeFile(join(RESULTS_DIR, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
      console.log(table({ live, machine, provenance }));
      console.log(`wrote the live object of bench/results/latest.json in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      return;
    }
    if (plan.only === "latency") {
      log(`latency: emulator latency ${LATENCY_MS} ms, c=1`);
      const stack = await startStack(LATENCY_MS, join(tmp, "sessions"), concurrency);
      const approvedId = stack.emu.sessions.find((s) => s.name === "approved")?.id;
      if (!approvedId) throw new Error("the emulator has no 'approved' demo session");
      const l = await latency(plan, stack, query, approvedId);
      await stopAll();
      const previous = await readFile(join(RESULTS_DIR, "latest.json"), "utf8").then((t) => JSON.parse(t) as Partial<Results>, () => ({}));
      await mkdir(RESULTS_DIR, { recursive: true });
      await writeFile(join(RESULTS_DIR, "latest.json"), `${JSON.stringify({ ...previous, latency: l.latency, machine, provenance }, null, 2)}\n`);
      console.log(`latency.ratio_p50 ${l.latency.ratio_p50} (gateway p50 ${l.latency.gateway_p50_ms} ms, baseline ${l.latency.baseline_p50_ms} ms; target <= 1.0) ${l.latency.ratio_p50 <= 1 ? "PASS" : "MISS"}`);
      console.log(`${provenanceLine(provenance)}`);
      return;
    }
    if (plan.only === "fanin") {
      log(`fanin: emulator latency ${LATENCY_MS} ms`);
      const stack = await startStack(LATENCY_MS, join(tmp, "sessions"), concurrency);
      const f = await fanin(plan, stack, faninIds, concurrency);
      await stopAll();
      const previous = await readFile(join(RESULTS_DIR, "latest.json"), "utf8").then((t) => JSON.parse(t) as Partial<Results>, () => ({}));
      await mkdir(RESULTS_DIR, { recursive: true });
      await writeFile(join(RESULTS_DIR, "latest.json"), `${JSON.stringify({ ...previous, fanin: f.fanin, machine, provenance }, null, 2)}\n`);
      const ok = (b: boolean) => (b ? "PASS" : "MISS");
      console.log(`fanin.upstream_gets ${f.fanin.upstream_gets} (distinct ${f.fanin.distinct_ids}) ${ok(f.fanin.upstream_gets === f.fanin.distinct_ids)}`);
      console.log(`fanin.wall_ms ${f.fanin.wall_ms} (ideal ${f.fanin.ideal_ms}, target <= ${FANIN_TARGET_MS}) ${ok(f.fanin.wall_ms <= FANIN_TARGET_MS)}`);
      console.log(`${provenanceLine(provenance)}`);
      console.log(`wrote the fanin object of bench/results/latest.json in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      return;
    }
    log(`bench: ${plan.quick ? "quick" : "full"} run, ${plan.rounds} rounds per scenario, YOTI_MAX_CONCURRENCY=${concurrency}`);

    log("throughput + rss: emulator latency 0 ms, c=32");
    let stack = await startStack(0, join(tmp, "sessions"), concurrency);
    const approved = stack.emu.sessions.find((s) => s.name === "approved")?.id;
    if (!approved) throw new Error("the emulator has no 'approved' demo session");
    const t = await throughputAndRss(plan, stack, query, approved);
    log(`  response bodies: gateway ${t.bodyBytes.gateway} B, baseline ${t.bodyBytes.baseline} B`);

    log("tracing: the gateway with tracing on (all sampled, OTLP/protobuf to a local sink) vs off, emulator latency 0 ms, c=32");
    const tr = await tracingOverhead(plan, stack, query, approved, concurrency);

    log(`cached: the gateway with GATEWAY_CACHE_TTL_SECONDS=${CACHE_TTL_SECONDS} vs the SDK baseline, emulator latency 0 ms, c=32`);
    const c = await cachedVsBaseline(plan, stack, join(tmp, "sessions"), query, approved, concurrency);
    await stopAll();

    log(`latency + fanin: emulator latency ${LATENCY_MS} ms`);
    stack = await startStack(LATENCY_MS, join(tmp, "sessions"), concurrency);
    const l = await latency(plan, stack, query, approved);
    const f = await fanin(plan, stack, faninIds, concurrency);
    log("isolation: c=32 on one stalled session beside c=8 on a healthy one, against c=8 alone");
    const iso = await isolation(
      { gatewayUrl: `${stack.gatewayUrl}/`, emuOrigin: stack.emuOrigin, stalledId: faninIds[0]!, healthyId: approved },
      plan.rounds,
      plan.latencySeconds,
      log,
    );
    await stopAll();

    log("live: 1,000 graphql-ws subscribers over 100 sessions, then 100 webhooks");
    const live = await liveScenario(DIST, join(tmp, "sessions"), GATEWAY_NODE_OPTIONS, log);
    await stopAll();

    const results: Results = {
      throughput: t.throughput,
      latency: l.latency,
      fanin: f.fanin,
      isolation: iso,
      rss_peak_mb: t.rss_peak_mb,
      tracing: tr.tracing,
      machine,
      provenance,
      live,
      cached: c.cached,
    };
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(join(RESULTS_DIR, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);

    console.log(table(results, c.allowedGets));
    if (provenance.busy) console.log(provenanceLine(provenance));
    console.log("load errors:");
    console.log(faultLine("throughput", t.faults));
    console.log(faultLine("latency", l.faults));
    console.log(faultLine("tracing", tr.faults).replace("gateway:", "tracing on:").replace("baseline:", "tracing off:"));
    console.log(faultLine("cached", c.faults));
    if (t.cpu.gateway !== undefined && t.cpu.baseline !== undefined) {
      // Not part of latest.json: an explanation of the throughput ratio, since every process shares the same cores.
      console.log(`cpu per served request during throughput (all threads, median of rounds): gateway ${t.cpu.gateway} ms, baseline ${t.cpu.baseline} ms`);
    }
    console.log(`rss        peak ${t.rss_peak_mb} MB, of which ${t.rssPeakFileMb} MB file-backed (the node binary's and libraries' code, shared and reclaimable)`);
    console.log(
      `tracing    p50 off ${tr.p50.off} ms, on ${tr.p50.on} ms; cpu per request (all threads) off ${tr.cpu.off ?? "?"} ms, on ${tr.cpu.on ?? "?"} ms; ` +
        `${tr.exports.exports} exports, ${(tr.exports.bytes / 1e6).toFixed(1)} MB, server spans ${tr.exports.marked} for ${tr.exports.measured} requests served by the traced gateway`,
    );
    console.log(cachedLine(c));
    console.log(`fanin      ${f.repeats} measured requests (+1 warm-up), all ${FANIN_ALIASES} aliases answered without errors`);
    console.log(`wrote bench/results/latest.json in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await stopAll();
    await rm(tmp, { recursive: true, force: true });
  }
}

let tmpDir: string | undefined;
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`bench: ${signal}, stopping child processes`);
    stopAll()
      .then(() => (tmpDir ? rm(tmpDir, { recursive: true, force: true }) : undefined))
      .finally(() => process.exit(130));
  });
}
process.on("exit", killAllSync);

main().catch(async (error: unknown) => {
  log(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll();
  process.exit(1);
});
