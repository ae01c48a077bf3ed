// Invariant 1: every accepted notification reached every subscriber of its session that was subscribed at the
// time (on either replica), or that subscriber's stream ended in a way it can act on and it resubscribed;
// inside a Redis outage, a resync (a later event or snapshot showing the change) stands in for the other
// replica's event. And no subscriber silently stalled.
import { inWindow, type EventRecord, type InstanceRecord, type NotificationRecord, type Recorder } from "../record.js";
import { at, tally, type CheckResult } from "./result.js";

/**
 * Longest a subscriber may wait for an event before a close excuses nothing any more: the read behind an
 * event is bounded by UPSTREAM_DEADLINE_MS (3 s in the soak) plus queueing behind the watch's fetch in
 * flight; 10 s is three deadlines.
 */
export const DELIVERY_BOUND_MS = 10_000;

/** Ends a subscriber can act on: going away (1001), 4xxx, its own drop, a coded error, a refusal, the run's end. */
function actionable(reason: string | undefined): boolean {
  if (!reason) return false;
  if (reason === "dropped" || reason === "run-end" || reason.startsWith("coded:") || reason.startsWith("refused:")) return true;
  const close = /^close:(\d+)$/.exec(reason);
  return close !== null && (close[1] === "1001" || close[1]!.startsWith("4"));
}

const key = (topic: string, subject: string | undefined) => `${topic.toLowerCase()}|${(subject ?? "").toLowerCase()}`;

/** Whether an event's session already shows what a notification announced. */
function shows(e: EventRecord, n: NotificationRecord): boolean {
  const subject = n.subjectId?.toLowerCase();
  if (n.topic === "session_completion") return e.state?.toUpperCase() === "COMPLETED";
  if (e.state?.toUpperCase() === "COMPLETED") return true;
  if (subject === undefined) return e.errorCode === undefined;
  if (n.topic === "check_completion") return e.doneChecks.includes(subject);
  if (n.topic === "task_completion") return e.doneTasks.includes(subject);
  if (n.topic === "resource_update") return e.resources.includes(subject);
  return e.errorCode === undefined;
}

/** Invariant 1 over the recorded notifications and subscriptions. */
export function checkDelivery(rec: Recorder, t0: number): CheckResult {
  const played = new Set(rec.plays.map((p) => p.sessionId));
  const completionSent = new Map<string, number>();
  for (const n of rec.notifications) {
    if (n.source === "emulator" && n.topic === "session_completion" && !completionSent.has(n.sessionId)) completionSent.set(n.sessionId, n.tSend);
  }
  const accepted = rec.notifications
    .filter((n) => n.outcome === "accepted" && played.has(n.sessionId))
    // A duplicate sent after the session completed has no stream left to reach (the stream ends at COMPLETED).
    .filter((n) => !(n.source === "duplicate" && n.tSend >= (completionSent.get(n.sessionId) ?? Number.POSITIVE_INFINITY)))
    .sort((a, b) => a.tSend - b.tSend);
  // Each distinct change (session, topic, subject id in any case) must reach every subscriber once, from its
  // first acceptance on: a repeat accepted later (by a replica that could not know the original) is
  // rightly filtered by the replicas that delivered the original, so it is owed no second event.
  const changes = new Map<string, NotificationRecord>();
  for (const n of accepted) {
    const k = `${n.sessionId}|${key(n.topic, n.subjectId)}`;
    if (!changes.has(k)) changes.set(k, n);
  }
  const bySubscriber = new Map<number, InstanceRecord[]>();
  for (const i of rec.instances) bySubscriber.set(i.subscriber, [...(bySubscriber.get(i.subscriber) ?? []), i]);

  const violations: string[] = [];
  const excusedLines: string[] = [];
  let required = 0;
  let delivered = 0;
  let excused = 0;
  const latencies: number[] = [];
  for (const inst of rec.instances) {
    if (inst.events.length > 0 && inst.events[0]!.topic !== "snapshot") violations.push(`first event of a subscription was ${inst.events[0]!.topic}, not snapshot (replica ${inst.replica})`);
    if (inst.tSnapshot === undefined) continue;
    const later = (bySubscriber.get(inst.subscriber) ?? []).filter((j) => j.tStart >= inst.tStart);
    for (const n of changes.values()) {
      if (n.sessionId !== inst.sessionId || n.tSend <= inst.tSnapshot || (inst.tEnd !== undefined && inst.tEnd <= n.tSend)) continue;
      required++;
      const k = key(n.topic, n.subjectId);
      const event = inst.events.find((e, i) => i > 0 && e.t >= n.tSend && key(e.topic, e.subjectId) === k);
      if (event) {
        delivered++;
        latencies.push(event.t - n.tAnswer);
        continue;
      }
      const redis = inWindow(rec, n.tSend, ["redis"]);
      if (redis && n.replica !== inst.replica && later.some((j) => j.events.some((e) => e.t >= n.tSend && shows(e, n)))) {
        excused++;
        excusedLines.push("resync after a Redis outage stood in for the event");
        continue;
      }
      if (actionable(inst.endReason) && inst.tEnd! - n.tAnswer <= DELIVERY_BOUND_MS) {
        excused++;
        excusedLines.push(`stream ended (${inst.endReason}) before the event, then resubscribed`);
        continue;
      }
      const crash = inWindow(rec, n.tSend, ["crash"], inst.replica) ?? (inst.tEnd !== undefined ? inWindow(rec, inst.tEnd, ["crash"], inst.replica) : undefined);
      // The stream ended on an event (for an earlier notification) whose read already found COMPLETED.
      const final = inst.events.find((e) => e.t >= n.tSend && e.state?.toUpperCase() === "COMPLETED");
      violations.push(
        `${n.topic} (${n.source}${n.variant ? `/${n.variant}` : ""}, accepted by ${n.replica}) never reached a subscriber on ${inst.replica}; its stream ${inst.endReason ? `ended ${inst.endReason}` : "stayed open"}` +
          (final ? ` after a ${final.topic} event that already showed COMPLETED` : "") +
          (redis ? " [in a Redis outage]" : "") +
          (crash && inst.endReason === "close:1006" ? " [replica crashed]" : "") +
          ` at ${at(n.tSend, t0)}`,
      );
    }
  }

  // No subscriber may be left hanging: each one of a session whose completion a replica accepted saw COMPLETED.
  const completedSessions = new Set(rec.notifications.filter((n) => n.topic === "session_completion" && n.outcome === "accepted").map((n) => n.sessionId));
  let stalled = 0;
  let subscribers = 0;
  for (const [, instances] of bySubscriber) {
    const session = instances[0]!.sessionId;
    if (!completedSessions.has(session)) continue;
    subscribers++;
    if (instances.some((i) => i.events.some((e) => e.state?.toUpperCase() === "COMPLETED"))) continue;
    const withEvents = instances.filter((i) => i.events.length > 0);
    const last = withEvents[withEvents.length - 1];
    if (last && (last.endReason?.startsWith("coded:") || last.events[last.events.length - 1]!.errorCode)) continue;
    stalled++;
    const end = instances[instances.length - 1]!;
    violations.push(`stalled: a subscriber never saw COMPLETED (last subscription on ${end.replica}, ${end.endReason ?? "open"}, ${end.events.length} events)`);
  }
  const notCompleted = [...played].filter((s) => !completedSessions.has(s)).length;
  if (notCompleted) excusedLines.push(`${notCompleted} played session(s) whose session_completion no replica accepted: not required to complete`);

  const sorted = [...latencies].sort((a, b) => a - b);
  const p99 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]! : 0;
  const missed = required - delivered - excused;
  return {
    id: 1,
    name: "every accepted notification reaches every subscriber (or a coded end + resubscribe); none stalled",
    measured: `${delivered}/${required} delivered, ${excused} excused, ${missed} missed, ${stalled}/${subscribers} stalled; p99 ${p99} ms`,
    limit: "0 missed, 0 stalled",
    pass: violations.length === 0,
    details: [...tally(violations), ...tally(excusedLines).map((l) => `excused: ${l}`)],
    figures: { required, delivered, excused, missed, stalled, subscribers, deliveryP99Ms: p99, violations: violations.length },
  };
}
