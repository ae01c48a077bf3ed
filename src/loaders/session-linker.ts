import { RESOURCE_LIST_KEYS, type WireSession } from "../upstream/wire/index.js";

/** What an edge resolver needs to know about the session an object came from. */
export interface SessionLinks {
  /** The id the session was fetched with: the key for its media, and `Session.id` when the body lacks `session_id`. */
  readonly sessionId: string;
  readonly session: WireSession;
}

/** Which `resources` list a resource came from: the wire object itself does not say. */
export type ResourceKind = (typeof RESOURCE_LIST_KEYS)[number];

/**
 * Per-request links from wire objects back to their session. Resolvers get the parsed JSON itself
 * (no copies), so a check, task or media cannot otherwise find its session. The session, its
 * checks, resources and tasks are linked when the session arrives (a few dozen objects); every
 * other object (media, `{media}` holders) only when a field first needs it, by one walk per session.
 */
export class SessionLinker {
  private readonly links = new WeakMap<object, SessionLinks>();
  private readonly kinds = new WeakMap<object, ResourceKind>();
  private readonly unwalked: SessionLinks[] = [];
  private readonly registered: SessionLinks[] = [];

  /** Records a fetched session and links its checks, resources and tasks. */
  register(session: WireSession, sessionId: string): WireSession {
    const entry: SessionLinks = { sessionId, session };
    this.links.set(session, entry);
    for (const check of session.checks ?? []) this.links.set(check, entry);
    const resources = session.resources;
    if (resources) {
      for (const key of RESOURCE_LIST_KEYS) {
        for (const resource of resources[key] ?? []) {
          this.links.set(resource, entry);
          this.kinds.set(resource, key);
          for (const task of resource.tasks ?? []) this.links.set(task, entry);
        }
      }
    }
    this.unwalked.push(entry);
    this.registered.push(entry);
    return session;
  }

  /** Every session this request read (the response cache tags an answer with them). */
  get sessions(): readonly SessionLinks[] {
    return this.registered;
  }

  /** The session any wire object of this request belongs to; throws if none (a programming error). */
  of(object: object): SessionLinks {
    const entry = this.find(object);
    if (!entry) throw new Error("wire object was not linked to its session");
    return entry;
  }

  /** The session an object of this request belongs to, or undefined when none is known (the audit path, which must not throw). */
  find(object: object): SessionLinks | undefined {
    const entry = this.links.get(object);
    if (entry) return entry;
    this.walkAll();
    return this.links.get(object);
  }

  /**
   * Links an object fetched apart from its session body (parsed JSON media, tracked-device events)
   * and every object inside it to `links`, so their fields find their session as wire objects do.
   * Objects already linked keep their session. Returns `object`.
   */
  adopt<T>(object: T, links: SessionLinks): T {
    const stack: unknown[] = [object];
    while (stack.length > 0) {
      const value = stack.pop();
      if (typeof value !== "object" || value === null) continue;
      if (!Array.isArray(value)) {
        if (this.links.has(value)) continue;
        this.links.set(value, links);
      }
      for (const child of Array.isArray(value) ? value : Object.values(value)) {
        if (typeof child === "object" && child !== null) stack.push(child);
      }
    }
    return object;
  }

  /** The list a resource was found in; undefined for objects that are not resources. */
  kindOf(resource: object): ResourceKind | undefined {
    return this.kinds.get(resource);
  }

  private walkAll(): void {
    for (let entry = this.unwalked.pop(); entry; entry = this.unwalked.pop()) {
      const stack: unknown[] = [entry.session];
      while (stack.length > 0) {
        const value = stack.pop();
        if (typeof value !== "object" || value === null) continue;
        if (!Array.isArray(value)) this.links.set(value, entry);
        for (const child of Array.isArray(value) ? value : Object.values(value)) {
          if (typeof child === "object" && child !== null) stack.push(child);
        }
      }
    }
  }
}
