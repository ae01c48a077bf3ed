// Invariant 3: at most one upstream GET per notification per replica for watched sessions, counted at the
// emulator for the played sessions (which no HTTP query ever reads), against an explicit allowance.
import { inWindow, type NotificationRecord, type Recorder } from "../record.js";
import type { CheckResult } from "./result.js";

/** The formula, printed with the result. */
export const GETS_FORMULA =
  "gets(s) <= A(s) x W(s) + S(s) + R(s) + F(s); A: notifications about s a replica answered accepted (repeats of one already accepted excluded unless legitimately new: Redis outage, or a replica process younger than the original); " +
  "W: replicas that had a subscription on s; S: subscriptions opened on s (one snapshot read each; those refused or never connected excluded); " +
  "R: Redis reconnections of those replicas while s was played (each re-reads every watched session once); F: the `times` of every upstream fault rule for s or '*' while s was played (each faulted GET is followed by a retry)";

/** Duplicate window of the gateway (DUPLICATE_WINDOW_MS): a repeat within it is the same notification. */
const REPEAT_WINDOW_MS = 10_000;

/** Invariant 3 from the emulator's per-session GET counts. */
export function checkUpstreamGets(rec: Recorder, sessionGets: Record<string, number>): CheckResult {
  const details: string[] = [];
  const repeats: string[] = [];
  let worst = { gets: 0, bound: 0, ratio: 0 };
  let totalGets = 0;
  let totalBound = 0;
  let over = 0;
  // When each incarnation could have heard of notifications: ready, plus a second for its Redis SUBSCRIBE
  // (readiness does not wait for it).
  const heardFrom = new Map(rec.lives.map((l) => [`${l.replica}#${l.incarnation}`, (l.readyAt ?? l.startedAt) + 1_000] as const));
  for (const play of rec.plays) {
    const s = play.sessionId;
    const instances = rec.instances.filter((i) => i.sessionId === s);
    const until = Math.max(play.startedAt, ...instances.map((i) => i.tEnd ?? Date.now()));
    const mine = rec.notifications.filter((n) => n.sessionId === s && n.outcome === "accepted");
    const firstAccepted = new Map<string, NotificationRecord>();
    let a = 0;
    let sessionRepeats = 0;
    for (const n of mine) {
      const k = `${n.topic}|${(n.subjectId ?? "").toLowerCase()}`;
      const original = firstAccepted.get(k);
      if (!original || n.tSend - original.tAnswer > REPEAT_WINDOW_MS) {
        firstAccepted.set(k, n);
        a++;
        continue;
      }
      // A repeat the receiving replica could not know about is legitimately new there.
      const fresh = (heardFrom.get(`${n.replica}#${n.incarnation}`) ?? 0) > original.tAnswer;
      const outage = inWindow(rec, n.tSend, ["redis"]) ?? inWindow(rec, original.tSend, ["redis"]);
      if (fresh || outage) {
        a++;
        continue;
      }
      sessionRepeats++;
      repeats.push(`${n.topic} ${n.source}${n.variant ? `/${n.variant}` : ""} answered accepted by ${n.replica} ${n.tSend - original.tAnswer} ms after ${original.replica} accepted the original`);
    }
    const w = new Set(instances.map((i) => i.replica)).size;
    const snapshots = instances.filter((i) => !i.endReason?.startsWith("connect") && !i.endReason?.startsWith("refused")).length;
    const replicasWatching = new Set(instances.map((i) => i.replica));
    const resyncs = rec.lives.filter((l) => replicasWatching.has(l.replica)).reduce((sum, l) => sum + l.redisRestoredAt.filter((t) => t >= play.startedAt && t <= until).length, 0);
    const faults = rec.windows
      .filter((win) => win.kind === "upstream" && (win.sessionId === "*" || win.sessionId === s) && win.start <= until && win.end >= play.startedAt)
      .reduce((sum, win) => sum + (win.times ?? 0), 0);
    const bound = a * w + snapshots + resyncs + faults;
    const gets = sessionGets[s] ?? 0;
    totalGets += gets;
    totalBound += bound;
    if (gets > bound) {
      over++;
      details.push(`session ${s.slice(0, 8)}: ${gets} GETs > ${bound} = ${a} x ${w} + ${snapshots} + ${resyncs} + ${faults}${sessionRepeats ? ` (${sessionRepeats} repeat(s) accepted, not in A)` : ""}`);
    }
    const ratio = bound ? gets / bound : gets ? Number.POSITIVE_INFINITY : 0;
    if (ratio > worst.ratio) worst = { gets, bound, ratio };
  }
  for (const r of repeats) details.push(`repeat accepted: ${r}`);
  return {
    id: 3,
    name: "at most one upstream GET per notification per replica (played sessions)",
    measured: `worst ${worst.gets}/${worst.bound} allowed; total ${totalGets}/${totalBound}; ${over} over; ${repeats.length} repeats accepted`,
    limit: "every session <= its allowance; 0 repeats",
    pass: over === 0 && repeats.length === 0,
    details,
    figures: { formula: GETS_FORMULA, totalGets, totalBound, sessionsOver: over, repeatsAccepted: repeats.length, sessions: rec.plays.length },
  };
}
