import type { HTTPGraphQLResponse } from "@apollo/server";
import type { SessionAccess } from "../../audit/access-record.js";
import { LRUCache } from "lru-cache";
import type { Caller } from "../../schema/resolver-context.js";

/** Why an answer left the response cache: its TTL, room, a notification about one of its sessions, missed notifications, or the session cache dropping a body it was built from. */
export type ResponseEvictionReason = "ttl" | "size" | "notification" | "resync" | "session_cache";

/** What a lookup found: an answer served, nothing kept, or an answer the caller's grant does not cover (then executed as usual). */
export type ResponseLookup = "hit" | "miss" | "outside_grant";

/** Receives the response cache's events (metrics). Labels only: never a key, an id or an answer. */
export interface ResponseCacheObserver {
  lookup?(outcome: ResponseLookup): void;
  stored?(): void;
  evicted?(reason: ResponseEvictionReason): void;
  /** Bytes held now, after every change. */
  held?(bytes: number): void;
}

/** How the response cache is bounded. */
export interface ResponseCacheOptions {
  readonly ttlSeconds: number;
  /** Total bytes of answers, keys and session lists; the least recently read leave first. */
  readonly maxBytes: number;
  readonly observer?: ResponseCacheObserver;
}

/** An answer to keep: Apollo's serialized response (body and headers), and the sessions it was built from. */
export interface AnswerToKeep {
  readonly body: string;
  readonly headers: HTTPGraphQLResponse["headers"];
  /** Every session the answer read, lower-case: its grant check on a hit, and its invalidation tags. */
  readonly sessionIds: readonly string[];
  readonly operationName?: string;
  /** The personal data the answer carries, per session: a hit writes its audit events from it before it is served. */
  readonly accessed: readonly SessionAccess[];
}

/** One kept answer, as a hit serves it. */
export interface KeptResponse {
  readonly response: HTTPGraphQLResponse;
  /** Every session the answer read, lower-case: its grant check on a hit, and its invalidation tags. */
  readonly sessionIds: readonly string[];
  readonly operationName?: string;
  readonly accessed: readonly SessionAccess[];
}

interface Entry extends KeptResponse {
  readonly bytes: number;
}

/**
 * What an answer weighs against the bound: its key and body as the heap holds them (two bytes a
 * character at most), its session list, and the entry's own objects.
 */
export function answerBytes(key: string, answer: AnswerToKeep): number {
  let accessed = 0;
  for (const session of answer.accessed) accessed += 200 + 100 * (session.coordinates.size + session.refused.size + session.mediaIds.size);
  return 2 * (key.length + answer.body.length) + answer.sessionIds.length * 80 + accessed + 200;
}

/** How many recent evictions are remembered to refuse answers that were being built meanwhile; past it, every such answer is refused. */
const REMEMBERED_EVICTIONS = 10_000;

/**
 * Whole answers about finished sessions, kept as Apollo serialized them, so a repeat of the same
 * operation by a caller with the same scopes is answered without executing GraphQL. Invalidation is
 * exact: each answer is tagged with the sessions it read, and a notification about any of them
 * drops it (`evict`), as does the session cache dropping a body it was built from. An answer whose
 * sessions were evicted while it was being executed is not kept (generations, below). A hit is
 * served only when the caller's session grant covers every session of the answer.
 */
export class ResponseCache {
  private readonly lru: LRUCache<string, Entry>;
  /** Answer keys by session id, for eviction by notification. */
  private readonly bySession = new Map<string, Set<string>>();
  /** The reason reported for entries `evict` or `clear` remove (lru-cache says only "delete"). */
  private deleting?: ResponseEvictionReason;
  private readonly observer: ResponseCacheObserver;
  /** Bumped by every eviction; an answer records the generation its execution started at. */
  private generation = 0;
  /** The generation of each session's latest eviction (the most recent REMEMBERED_EVICTIONS). */
  private readonly evictedAt = new Map<string, number>();
  /** Answers started before this generation are never kept (the memory of evictions was reset, or everything was cleared). */
  private floor = 0;
  private bytes = 0;

  constructor(options: ResponseCacheOptions) {
    this.observer = options.observer ?? {};
    this.lru = new LRUCache<string, Entry>({
      maxSize: options.maxBytes,
      sizeCalculation: (entry) => entry.bytes,
      ttl: options.ttlSeconds * 1000,
      // Kept answers hold personal data: dropped when their TTL passes, not when next asked for.
      ttlAutopurge: true,
      // lru-cache's defaults otherwise: a read does not extend an entry, and an expired one is never returned.
      dispose: (entry, key, reason) => this.disposed(entry, key, reason),
    });
  }

  /** The generation to pass to `keep` for an answer whose execution starts now. */
  begin(): number {
    return this.generation;
  }

  /** The kept answer for `key` when `caller`'s grant covers all its sessions; counted either way. */
  get(key: string, caller: Caller): KeptResponse | undefined {
    const entry = this.lru.get(key);
    if (!entry) {
      this.observer.lookup?.("miss");
      return undefined;
    }
    const grant = caller.sessionIds;
    if (grant && !entry.sessionIds.every((id) => grant.has(id))) {
      this.observer.lookup?.("outside_grant");
      return undefined;
    }
    this.observer.lookup?.("hit");
    return entry;
  }

  /**
   * Keeps an answer whose execution started at generation `since`, unless one of its sessions was
   * evicted since then (the answer may hold what the notification replaced). False when not kept.
   */
  keep(key: string, answer: AnswerToKeep, since: number): boolean {
    if (since < this.floor) return false;
    for (const id of answer.sessionIds) {
      if ((this.evictedAt.get(id) ?? -1) > since) return false;
    }
    const bytes = answerBytes(key, answer);
    if (bytes > this.lru.maxSize) return false;
    const response: HTTPGraphQLResponse = { status: 200, headers: answer.headers, body: { kind: "complete", string: answer.body } };
    this.lru.set(key, { response, sessionIds: answer.sessionIds, operationName: answer.operationName, accessed: answer.accessed, bytes });
    this.bytes += bytes;
    for (const id of answer.sessionIds) {
      let keys = this.bySession.get(id);
      if (!keys) this.bySession.set(id, (keys = new Set()));
      keys.add(key);
    }
    this.observer.stored?.();
    this.observer.held?.(this.bytes);
    return true;
  }

  /** Drops every answer that read `sessionId` (lower-case), and keeps answers being built from it from being kept. */
  evict(sessionId: string, reason: "notification" | "session_cache" = "notification"): void {
    this.generation += 1;
    if (this.evictedAt.size >= REMEMBERED_EVICTIONS) {
      this.evictedAt.clear();
      this.floor = this.generation;
    }
    this.evictedAt.set(sessionId, this.generation);
    const keys = this.bySession.get(sessionId);
    if (!keys) return;
    this.deleting = reason;
    for (const key of [...keys]) this.lru.delete(key);
  }

  /** Drops everything, and keeps every answer being built from being kept (notifications may have been missed). */
  clear(): void {
    this.generation += 1;
    this.floor = this.generation;
    this.evictedAt.clear();
    this.deleting = "resync";
    this.lru.clear();
  }

  /** Bytes held now. */
  get heldBytes(): number {
    return this.bytes;
  }

  /** Answers held now. */
  get size(): number {
    return this.lru.size;
  }

  private disposed(entry: Entry, key: string, reason: LRUCache.DisposeReason): void {
    this.bytes -= entry.bytes;
    for (const id of entry.sessionIds) {
      // Every kept answer's sessions are indexed (keep), until this removes them.
      const keys = this.bySession.get(id)!;
      keys.delete(key);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent in behaviour, it only frees a session's empty set
      if (keys.size === 0) this.bySession.delete(id);
    }
    const why: ResponseEvictionReason | undefined = reason === "expire" ? "ttl" : reason === "evict" ? "size" : reason === "delete" ? this.deleting : undefined;
    if (why) this.observer.evicted?.(why);
    this.observer.held?.(this.bytes);
  }
}
