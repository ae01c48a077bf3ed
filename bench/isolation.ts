// The `isolation` scenario: healthy callers' latency while 32 callers wait on one stalled session,
// against the same healthy load with nothing stalled (rounds alternate, so drift cancels out).
import autocannon from "autocannon";

/** How one healthy run went. */
interface HealthyRun {
  p50: number;
  p99: number;
  good: number;
  bad: number;
}

/** Where the scenario runs: a gateway, its emulator's control origin, a stalled and a healthy session. */
export interface IsolationTarget {
  gatewayUrl: string;
  emuOrigin: string;
  stalledId: string;
  healthyId: string;
}

/** The figures `latest.json` keeps under `isolation`. */
export interface IsolationResult {
  healthy_p50_ms: number;
  healthy_p99_ms: number;
  baseline_p50_ms: number;
  baseline_p99_ms: number;
  ratio_p99: number;
}

const HEALTHY_QUERY = "query Healthy($id: ID!) { session(id: $id) { id state checks { type state } } }";
const HEADERS = { "content-type": "application/json" };

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const median = (xs: number[]) => percentile(xs, 50);
const round2 = (n: number) => Math.round(n * 100) / 100;

async function setStall(target: IsolationTarget, on: boolean): Promise<void> {
  const res = on
    ? await fetch(`${target.emuOrigin}/__emulator/faults`, {
        method: "POST",
        headers: HEADERS,
        body: JSON.stringify({ sessionId: target.stalledId, delayMs: 600_000 }),
      })
    : await fetch(`${target.emuOrigin}/__emulator/faults`, { method: "DELETE" });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`isolation: emulator faults: HTTP ${res.status}`);
}

/** c=8 on the healthy session for `seconds`; latencies of 2xx answers with data and no errors. */
async function healthy(target: IsolationTarget, seconds: number): Promise<HealthyRun> {
  const body = JSON.stringify({ query: HEALTHY_QUERY, variables: { id: target.healthyId } });
  const check = await fetch(target.gatewayUrl, { method: "POST", headers: HEADERS, body });
  const expectBody = await check.text();
  if (!check.ok || expectBody.includes('"errors"')) throw new Error(`isolation: the healthy query failed (HTTP ${check.status}): ${expectBody.slice(0, 500)}`);
  const latencies: number[] = [];
  const instance = autocannon({ url: target.gatewayUrl, method: "POST", headers: HEADERS, body, connections: 8, duration: seconds, expectBody, timeout: 15 });
  instance.on("response", (_c, status, _b, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const r = await instance;
  const good = Math.max(0, r["2xx"] - r.mismatches);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), good, bad: r.errors + r.non2xx + r.mismatches };
}

/** c=32 on the stalled session until `stop` resolves; every answer is the deadline's UPSTREAM_UNAVAILABLE. */
function stalledLoad(target: IsolationTarget, seconds: number) {
  const body = JSON.stringify({ query: HEALTHY_QUERY, variables: { id: target.stalledId } });
  // Each stalled request waits out the gateway's deadline (10 s): give them longer than that.
  return autocannon({ url: target.gatewayUrl, method: "POST", headers: HEADERS, body, connections: 32, duration: seconds, timeout: 30 });
}

/** Alternates rounds with and without the stall; ratio_p99 is the median of per-round healthy p99 ratios. */
export async function isolation(target: IsolationTarget, rounds: number, seconds: number, log: (m: string) => void): Promise<IsolationResult> {
  const withStall: HealthyRun[] = [];
  const without: HealthyRun[] = [];
  await healthy(target, 2); // warm-up
  for (let i = 0; i < rounds; i++) {
    await setStall(target, true);
    const stalled = stalledLoad(target, seconds + 2);
    // The stalled callers take their slots first.
    await new Promise((r) => setTimeout(r, 1_000));
    const a = await healthy(target, seconds);
    stalled.stop();
    await setStall(target, false);
    await stalled;
    const b = await healthy(target, seconds);
    withStall.push(a);
    without.push(b);
    log(`  isolation round ${i + 1}/${rounds} healthy with stall p50 ${a.p50.toFixed(2)} p99 ${a.p99.toFixed(2)} ms (${a.good} ok, ${a.bad} bad); without p50 ${b.p50.toFixed(2)} p99 ${b.p99.toFixed(2)} ms (${b.good} ok, ${b.bad} bad)`);
  }
  return {
    healthy_p50_ms: round2(median(withStall.map((r) => r.p50))),
    healthy_p99_ms: round2(median(withStall.map((r) => r.p99))),
    baseline_p50_ms: round2(median(without.map((r) => r.p50))),
    baseline_p99_ms: round2(median(without.map((r) => r.p99))),
    ratio_p99: Math.round(median(withStall.map((r, i) => r.p99 / without[i]!.p99)) * 1000) / 1000,
  };
}
