import { RESOURCE_LIST_KEYS, type WireResource, type WireSession } from "../upstream/wire/index.js";

/** What an edge resolver needs to know about the session an object came from. */
export interface SessionLinks {
  /** The id the session was fetched with: the key for its media, and `Session.id` when the body lacks `session_id`. */
  readonly requestedId: string;
  readonly session: WireSession;
}

/** Which `resources` list a resource came from: the wire object itself does not say. */
export type ResourceKind = (typeof RESOURCE_LIST_KEYS)[number];

// Wire objects are returned to GraphQL as they are (no copies); these links let any object (a check,
// a task, a media) find its session. Weak, so they die with the request's loader cache.
const links = new WeakMap<object, SessionLinks>();
const resourceKinds = new WeakMap<object, ResourceKind>();

/** Links every object inside a session (checks, resources, tasks, media, ...) to that session, in one walk. */
export function linkSession(session: WireSession, requestedId: string): WireSession {
  const entry: SessionLinks = { requestedId, session };
  const stack: unknown[] = [session];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === "object" && item !== null) stack.push(item);
      continue;
    }
    links.set(value, entry);
    for (const key in value) {
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === "object" && child !== null) stack.push(child);
    }
  }
  const resources = session.resources;
  if (resources) {
    for (const key of RESOURCE_LIST_KEYS) {
      for (const resource of resources[key] ?? []) resourceKinds.set(resource, key);
    }
  }
  return session;
}

/** The session a wire object belongs to; throws if it was never linked (a programming error). */
export function linksOf(object: object): SessionLinks {
  const entry = links.get(object);
  if (!entry) throw new Error("wire object was not linked to its session");
  return entry;
}

/** Every resource of a session, in the session's own order. */
export function allResources(session: WireSession): WireResource[] {
  const resources = session.resources;
  if (!resources) return [];
  return RESOURCE_LIST_KEYS.flatMap((key) => (resources[key] ?? []) as WireResource[]);
}

/** The list a resource was found in; undefined for objects that are not linked resources. */
export function resourceKindOf(resource: object): ResourceKind | undefined {
  return resourceKinds.get(resource);
}
