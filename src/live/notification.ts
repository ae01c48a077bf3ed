import { Explain } from "../errors/explain.js";
import { isSessionId } from "../upstream/session-id.js";
import type { SessionChange } from "./session-change.js";

/** The topics Yoti documents; others may come and are passed on as they are. */
export const KNOWN_TOPICS = ["resource_update", "task_completion", "check_completion", "session_completion", "client_session_token_deleted"] as const;

/** A change as it arrives from Yoti and travels between replicas: snake_case, ids only (never a body). */
export interface WireNotification {
  session_id: string;
  topic: string;
  resource_id?: string;
  task_id?: string;
  check_id?: string;
}

const TOPIC = /^[A-Za-z0-9_.:-]{1,64}$/;
const SUBJECT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const ID_FIELDS = [
  ["resource_id", "resourceId"],
  ["task_id", "taskId"],
  ["check_id", "checkId"],
] as const;

/**
 * Reads a notification body (Yoti's, or one relayed by another replica) into a change: a fixed
 * reason when it is not one. The reason never quotes the input.
 */
export function parseNotification(body: unknown, source: SessionChange["source"]): SessionChange | { invalid: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { invalid: Explain.notificationNotObject };
  const raw = body as Record<string, unknown>;
  if (typeof raw.session_id !== "string" || !isSessionId(raw.session_id)) return { invalid: Explain.notificationSessionId };
  if (typeof raw.topic !== "string" || !TOPIC.test(raw.topic)) return { invalid: Explain.notificationTopic };
  const notification: { -readonly [K in keyof SessionChange]: SessionChange[K] } = {
    sessionId: raw.session_id.toLowerCase(),
    topic: raw.topic.toLowerCase(),
    source,
  };
  for (const [wire, field] of ID_FIELDS) {
    const value = raw[wire];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" || !SUBJECT_ID.test(value)) return { invalid: Explain.notificationSubjectId(wire) };
    notification[field] = value;
  }
  return notification;
}

/** The snake_case form of a change (what crosses Redis, besides the replica id and source; never its body). */
export function toWire(n: SessionChange): WireNotification {
  const wire: WireNotification = { session_id: n.sessionId, topic: n.topic };
  if (n.resourceId !== undefined) wire.resource_id = n.resourceId;
  if (n.taskId !== undefined) wire.task_id = n.taskId;
  if (n.checkId !== undefined) wire.check_id = n.checkId;
  return wire;
}

/** A bounded metric label for a topic: a known topic, or "other". */
export function topicLabel(topic: string): string {
  return (KNOWN_TOPICS as readonly string[]).includes(topic) ? topic : "other";
}

/** The key duplicates share: session, topic and subject, in any case (Yoti's ids are UUIDs, whichever case a sender writes them in). */
export function changeKey(n: SessionChange): string {
  return `${n.sessionId}|${n.topic}|${n.resourceId ?? ""}|${n.taskId ?? ""}|${n.checkId ?? ""}`.toLowerCase();
}
