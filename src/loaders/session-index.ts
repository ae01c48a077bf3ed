import { RESOURCE_LIST_KEYS, type WireCheck, type WireResource, type WireSession, type WireTask } from "../upstream/wire/index.js";

/** What an edge resolver needs to know about the session an object came from. */
export interface SessionLinks {
  /** The id the caller asked for (the body may lack `session_id`). */
  readonly requestedId: string;
  readonly session: WireSession;
}

// Wire objects are returned to GraphQL as they are (no copies); these links let a check or task
// find its siblings. Weak, so they die with the request's loader cache.
const links = new WeakMap<object, SessionLinks>();
const resourceKinds = new WeakMap<object, ResourceKind>();

/** Which `resources` list a resource came from: the wire object itself does not say. */
export type ResourceKind = (typeof RESOURCE_LIST_KEYS)[number];

/** Records, for the session and each of its checks, resources and tasks, which session it belongs to. */
export function linkSession(session: WireSession, requestedId: string): WireSession {
  const entry: SessionLinks = { requestedId, session };
  links.set(session, entry);
  for (const check of session.checks ?? []) links.set(check, entry);
  const resources = session.resources;
  if (resources) {
    for (const key of RESOURCE_LIST_KEYS) {
      for (const resource of resources[key] ?? []) {
        links.set(resource, entry);
        resourceKinds.set(resource, key);
        for (const task of resource.tasks ?? []) links.set(task, entry);
      }
    }
  }
  return session;
}

/** The session a wire object belongs to; throws if it was never linked (a programming error). */
export function linksOf(object: WireSession | WireCheck | WireTask | WireResource): SessionLinks {
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
