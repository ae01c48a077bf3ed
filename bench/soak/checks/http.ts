// Invariant 2: no 5xx and no reset outside the windows where the gateway documents one; none during a
// rolling restart for a request that reached a handler (a refusal before any work is retried and counted
// apart); hostile requests always refused with a 4xx or a coded error, never INTERNAL_SERVER_ERROR.
import { inWindow, type HttpRecord, type Recorder } from "../record.js";
import { tally, type CheckResult } from "./result.js";

/** Codes a query may carry during an upstream fault (README "Errors"). */
const UPSTREAM_CODES = new Set(["UPSTREAM_UNAVAILABLE", "UPSTREAM_RATE_LIMITED", "UPSTREAM_BAD_RESPONSE", "UPSTREAM_BAD_REQUEST"]);

/** Where a failure happened, for the details: a crash of its replica first (it explains resets), then any window. */
function during(rec: Recorder, r: HttpRecord): string {
  const w = inWindow(rec, r.t1, ["crash"], r.replica) ?? inWindow(rec, r.t0, ["crash", "restart", "redis", "upstream"], r.replica) ?? inWindow(rec, r.t1, ["restart", "redis", "upstream"], r.replica);
  return w ? ` [during ${w.label}]` : "";
}

/** What is wrong with one exchange, or undefined when nothing is; `refusal` when it was a refusal before any work. */
function verdict(rec: Recorder, r: HttpRecord): string | "refusal" | undefined {
  const upstreamFault = inWindow(rec, r.t0, ["upstream"]) ?? inWindow(rec, r.t1, ["upstream"]);
  if (r.status === 503 && r.codes.includes("SHUTTING_DOWN")) return "refusal";
  if (r.error === "ECONNREFUSED") {
    // The port is closed only while that replica is restarting or down.
    // Judged when it was refused (t1): a replica picked just before it exited refuses the connection just after.
    return inWindow(rec, r.t1, ["restart", "crash"], r.replica) ? "refusal" : "connection refused outside a restart";
  }
  // Media streams are the one route where the gateway documents an upstream failure as an HTTP error or
  // a body cut short (README "Robustness": media streams apart); only inside an upstream fault.
  const mediaExcused = r.kind === "media" && upstreamFault !== undefined;
  if (r.error) return mediaExcused ? undefined : `network error ${r.error}`;
  if ((r.status ?? 0) >= 500) return mediaExcused ? undefined : `HTTP ${r.status}${r.codes.length ? ` ${r.codes[0]}` : ""}`;
  if (r.codes.includes("INTERNAL_SERVER_ERROR")) return "INTERNAL_SERVER_ERROR in the body";
  if (!r.expected) return r.mismatch ?? `unexpected ${r.status}`;
  if (r.kind === "query") {
    const odd = r.codes.filter((c) => !(upstreamFault && UPSTREAM_CODES.has(c)));
    if (odd.length) return `coded error ${odd[0]} ${upstreamFault ? "not an upstream code" : "outside an upstream fault"}`;
  }
  return undefined;
}

/** Invariant 2 over every recorded HTTP exchange. */
export function checkHttp(rec: Recorder): CheckResult {
  const failures: string[] = [];
  let refusals = 0;
  let retried = 0;
  let coded = 0;
  let excusedMedia = 0;
  const traffic = rec.http.filter((r) => r.kind !== "metrics");
  for (const r of traffic) {
    const v = verdict(rec, r);
    if (r.retry) retried++;
    if (r.kind === "query" && r.codes.length && !v) coded++;
    if (!v && r.kind === "media" && (r.error || (r.status ?? 0) >= 500)) excusedMedia++;
    if (v === "refusal") refusals++;
    else if (v) failures.push(`${r.kind} ${r.op} -> ${v}${during(rec, r)}`);
  }
  const fivexx = traffic.filter((r) => (r.status ?? 0) >= 500 && !r.codes.includes("SHUTTING_DOWN")).length;
  const resets = traffic.filter((r) => r.error && r.error !== "ECONNREFUSED").length;
  return {
    id: 2,
    name: "no 5xx / reset outside fault windows, none in rolling restarts; hostile always 4xx or coded",
    measured: `${failures.length} bad of ${traffic.length} (raw 5xx ${fivexx}, resets ${resets}; ${excusedMedia} media in upstream faults ok); ${refusals} refusals`,
    limit: "0 bad",
    pass: failures.length === 0,
    details: tally(failures),
    figures: { requests: traffic.length, bad: failures.length, http5xx: fivexx, resets, mediaExcused: excusedMedia, refusals, retried, codedInUpstreamFaults: coded },
  };
}
