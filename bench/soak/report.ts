// The end of a run: one table (invariant, measured, limit, PASS/FAIL), the details of what failed, a short
// summary, and the same as JSON in bench/results/soak-latest.json.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { CheckResult } from "./checks/result.js";
import type { Recorder } from "./record.js";

/** Facts about the run for the summary. */
export interface RunFacts {
  readonly plan: string;
  readonly loadSeconds: number;
  readonly wallSeconds: number;
  readonly machine: { cpus: number; node: string; commit: string };
  readonly logDir: string;
  readonly unroutable: number;
}

/** Detail lines printed per invariant; the JSON keeps them all. */
const PRINTED_DETAILS = 12;

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));

/** The table, as lines. */
export function table(results: readonly CheckResult[]): string[] {
  const rows = results.map((r) => [String(r.id), r.name, r.measured, r.limit, r.pass ? "PASS" : "FAIL"]);
  const head = ["#", "invariant", "measured", "limit", "result"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i]!)).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)];
}

/** Counts by a key, as "key n" pairs. */
function countBy<T>(xs: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

const show = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");

/** The summary figures. */
export function summary(rec: Recorder, facts: RunFacts): Record<string, unknown> {
  const outcome = (r: Recorder["http"][number]) =>
    r.status === 503 && r.codes.includes("SHUTTING_DOWN") ? "refused 503" : r.error ? r.error : r.expected ? (r.codes.length ? "ok (coded errors)" : "ok") : `unexpected ${r.status}`;
  const instances = rec.instances;
  return {
    plan: facts.plan,
    loadSeconds: facts.loadSeconds,
    wallSeconds: facts.wallSeconds,
    requests: Object.fromEntries(["query", "media", "hostile", "webhook", "duplicate"].map((k) => [k, countBy(rec.http.filter((r) => r.kind === k), outcome)])),
    unroutable: facts.unroutable,
    notifications: {
      relayed: countBy(rec.notifications.filter((n) => n.source === "emulator"), (n) => n.outcome),
      duplicates: countBy(rec.notifications.filter((n) => n.source === "duplicate"), (n) => `${n.variant} ${n.outcome}`),
    },
    plays: rec.plays.length,
    subscribers: new Set(instances.map((i) => i.subscriber)).size,
    subscriptions: instances.length,
    subscriptionEnds: countBy(instances, (i) => i.endReason ?? "open"),
    faults: countBy(rec.windows, (w) => w.kind),
    faultWindows: rec.windows.map((w) => w.label),
    machine: facts.machine,
    logs: facts.logDir,
  };
}

/** Prints the table, details and summary. */
export function print(results: readonly CheckResult[], s: Record<string, unknown>, formula: string, out: (line: string) => void): void {
  out("");
  for (const l of table(results)) out(l);
  for (const r of results) {
    if (r.details.length === 0) continue;
    out(`  ${r.id}. ${r.pass ? "notes" : "FAIL"}:`);
    for (const d of r.details.slice(0, PRINTED_DETAILS)) out(`     - ${d}`);
    if (r.details.length > PRINTED_DETAILS) out(`     - ... and ${r.details.length - PRINTED_DETAILS} more in the JSON`);
  }
  out(`  3. formula: ${formula}`);
  const req = s.requests as Record<string, Record<string, number>>;
  const n = s.notifications as { relayed: Record<string, number>; duplicates: Record<string, number> };
  const m = s.machine as RunFacts["machine"];
  out("");
  out(`summary: ${s.plan}, load ${s.loadSeconds} s, wall ${s.wallSeconds} s`);
  for (const [k, v] of Object.entries(req)) out(`  ${k} requests: ${show(v) || "none"}`);
  out(`  notifications relayed: ${show(n.relayed) || "none"}; duplicates sent: ${show(n.duplicates) || "none"}`);
  out(`  ${s.plays} played sessions, ${s.subscribers} subscribers, ${s.subscriptions} subscriptions; ends: ${show(s.subscriptionEnds as Record<string, number>)}`);
  out(`  faults: ${show(s.faults as Record<string, number>)} (${(s.faultWindows as string[]).join("; ")})`);
  out(`  machine: ${m.cpus} cpus, node ${m.node}, commit ${m.commit}; logs: ${s.logs}`);
}

/** Writes the JSON results. */
export async function writeJson(path: string, results: readonly CheckResult[], s: Record<string, unknown>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const json = { pass: results.every((r) => r.pass), invariants: results, summary: s, writtenAt: new Date().toISOString() };
  await writeFile(path, `${JSON.stringify(json, null, 2)}\n`);
}
