import { allResources, type WireResource, type WireSession } from "../upstream/wire/index.js";

/** What a change is about: a topic (lower case, an open set) and the subject it names, if any. */
export interface ChangeSubject {
  readonly topic: string;
  readonly resourceId?: string;
  readonly taskId?: string;
  readonly checkId?: string;
}

/**
 * "Session X changed": the one shape of a change on its way from its source (a Yoti webhook, the
 * poller, another replica) through the bus to the watches and their subscribers.
 */
export interface SessionChange extends ChangeSubject {
  /** Lower-case UUID. */
  readonly sessionId: string;
  /** A Yoti webhook (possibly a retry), or a change the poller saw (never a repeat). */
  readonly source: "webhook" | "poll";
  /**
   * The body that showed the change, when the poller read it: this replica's subscribers are served
   * from it instead of a second GET. In this process only: it never crosses Redis.
   */
  readonly body?: WireSession;
}

/** Topic of a change Yoti has no topic for (e.g. a check becoming PENDING, or the session EXPIRED). */
export const SESSION_UPDATE_TOPIC = "session_update";

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const upper = (value: unknown): string | undefined => text(value)?.toUpperCase();

/** The resources of a session that are objects: upstream lists may hold anything. */
function resourcesOf(session: WireSession): WireResource[] {
  return allResources(session).filter((r): r is WireResource => typeof r === "object" && r !== null);
}

/** id -> a value, for the objects of a list that have a string id. */
function byId<T>(items: readonly T[] | null | undefined, value: (item: T) => unknown): Map<string, string | undefined> {
  const map = new Map<string, string | undefined>();
  for (const item of Array.isArray(items) ? items : []) {
    const id = text((item as { id?: unknown } | null)?.id);
    if (id !== undefined) map.set(id, text(value(item)));
  }
  return map;
}

/** The first id whose value differs (or that is new) in `next`. */
function firstDifference(prev: Map<string, string | undefined>, next: Map<string, string | undefined>, when?: (value: string | undefined) => boolean): string | undefined {
  for (const [id, value] of next) {
    if ((!prev.has(id) || prev.get(id) !== value) && (when === undefined || when(value))) return id;
  }
  return undefined;
}

function removed(prev: Map<string, unknown>, next: Map<string, unknown>): boolean {
  for (const id of prev.keys()) if (!next.has(id)) return true;
  return false;
}

/**
 * What a poll found: undefined when nothing a subscriber watches changed (the state, a check's or
 * task's state, a resource's `last_updated`). Otherwise the most telling change, with Yoti's topic
 * when one fits: session_completion, then check_completion, task_completion, resource_update, and
 * session_update for anything else.
 */
export function detectChange(prev: WireSession, next: WireSession): ChangeSubject | undefined {
  const state = upper(next.state);
  const stateChanged = upper(prev.state) !== state;
  if (stateChanged && state === "COMPLETED") return { topic: "session_completion" };
  const done = (value: string | undefined) => value?.toUpperCase() === "DONE";
  const checks = [byId(prev.checks, (c) => c.state), byId(next.checks, (c) => c.state)] as const;
  const checkId = firstDifference(...checks, done);
  if (checkId !== undefined) return { topic: "check_completion", checkId };
  const tasksOf = (s: WireSession) => resourcesOf(s).flatMap((r) => (Array.isArray(r.tasks) ? r.tasks : []));
  const tasks = [byId(tasksOf(prev), (t) => t.state), byId(tasksOf(next), (t) => t.state)] as const;
  const taskId = firstDifference(...tasks, done);
  if (taskId !== undefined) return { topic: "task_completion", taskId };
  const resources = [byId(resourcesOf(prev), (r) => r.last_updated), byId(resourcesOf(next), (r) => r.last_updated)] as const;
  const resourceId = firstDifference(...resources);
  if (resourceId !== undefined) return { topic: "resource_update", resourceId };
  const other = stateChanged || firstDifference(...checks) !== undefined || firstDifference(...tasks) !== undefined;
  if (other || removed(checks[0], checks[1]) || removed(tasks[0], tasks[1]) || removed(resources[0], resources[1])) return { topic: SESSION_UPDATE_TOPIC };
  return undefined;
}

/** Whether a session has reached a state after which nothing more happens (one definition, shared with the session cache). */
export { isFinished } from "../upstream/session-state.js";
