import { LRUCache } from "lru-cache";
import { MEDIA_ENDPOINT } from "../media-client.js";
import { SESSION_ENDPOINT } from "../session-client.js";
import { isFinished } from "../session-state.js";
import type { WireSession } from "../wire/index.js";
import type { YotiClient } from "../yoti-client.js";
import { deepFreeze } from "./deep-freeze.js";
import { SharedFetch } from "./shared-fetch.js";

/** What an entry holds: a session body, or one JSON media's parsed contents. */
export type CacheKind = "session" | "media";

/** Why an entry left: its TTL passed, room was needed, a notification named its session, or notifications may have been missed. */
export type EvictionReason = "ttl" | "size" | "notification" | "resync";

/** Receives the cache's events (the metrics hang off this). Labels only: never an id or a body. */
export interface SessionCacheObserver {
  /** A read answered from memory. */
  hit?(kind: CacheKind): void;
  /** A read that went to Yoti (it started a GET). */
  miss?(kind: CacheKind): void;
  /** A read that joined another request's GET in flight. */
  joined?(kind: CacheKind): void;
  evicted?(kind: CacheKind, reason: EvictionReason): void;
  /** Bytes now held for `kind` (JSON bytes of the entries), after every change. */
  held?(kind: CacheKind, bytes: number): void;
}

/** How the cache is bounded. */
export interface SessionCacheOptions {
  /** How long an entry is served after it was fetched (not extended by reads). */
  readonly ttlSeconds: number;
  /** Total JSON bytes of the entries; the least recently read leave first. */
  readonly maxBytes: number;
  readonly observer?: SessionCacheObserver;
  /** Called with a session's id when its body or a media of it leaves for its TTL or for room (answers built from it must go too). */
  readonly onDropped?: (sessionId: string) => void;
}

interface Entry {
  readonly kind: CacheKind;
  readonly sessionId: string;
  readonly value: unknown;
  /** The entry's JSON length in bytes: what the bound counts. */
  readonly bytes: number;
}

const sessionEntry = (sessionId: string) => `s:${sessionId}`;
const mediaEntryPrefix = (sessionId: string) => `m:${sessionId}/`;

/**
 * Finished sessions (COMPLETED, EXPIRED) and JSON media contents, kept in this process's memory
 * across requests, for a TTL and within a byte bound. ONGOING sessions, 204 media and failures
 * pass through and are never kept. Reads of one key in flight at once share one GET. It sits under
 * each request's DataLoaders, which callers reach only after scopes and grants were checked, and
 * over the Yoti client; the live feed reads the client directly, so subscribers never get a kept body.
 */
export class SessionCache {
  private readonly lru: LRUCache<string, Entry>;
  private readonly flights = new Map<string, SharedFetch<unknown>>();
  /** Each session's media keys, so a notification can drop them with the session. */
  private readonly mediaKeys = new Map<string, Set<string>>();
  private readonly bytes: Record<CacheKind, number> = { session: 0, media: 0 };
  /** The reason reported for entries removed by `delete` or `clear` (lru-cache says only "delete"). */
  private deleting: EvictionReason = "notification";
  private readonly observer: SessionCacheObserver;
  private readonly onDropped?: (sessionId: string) => void;

  constructor(
    private readonly client: YotiClient,
    options: SessionCacheOptions,
  ) {
    this.observer = options.observer ?? {};
    this.onDropped = options.onDropped;
    this.lru = new LRUCache<string, Entry>({
      maxSize: options.maxBytes,
      sizeCalculation: (entry) => entry.bytes,
      ttl: options.ttlSeconds * 1000,
      // Expired personal data is dropped when its TTL passes, not whenever the key is next read.
      ttlAutopurge: true,
      updateAgeOnGet: false,
      allowStale: false,
      dispose: (entry, key, reason) => this.disposed(entry, key, reason),
    });
  }

  /**
   * The Yoti client as one request's loaders see it: session and JSON media reads go through the
   * cache (each one it answers reported to `answered`), media streams go straight to the client.
   */
  reader(answered: (kind: CacheKind) => void): YotiClient {
    return {
      getSession: (sessionId, call = {}) => {
        const key = sessionEntry(sessionId);
        const served = this.serve<WireSession>("session", key, call.signal);
        if (served) {
          answered("session");
          return served;
        }
        return this.fetch<WireSession>("session", key, sessionId, call.signal, SESSION_ENDPOINT, (signal) => this.client.getSession(sessionId, { signal }), isFinished);
      },
      getJsonMedia: (sessionId, mediaId, call = {}) => {
        const key = `${mediaEntryPrefix(sessionId)}${mediaId}`;
        const served = this.serve<unknown>("media", key, call.signal);
        if (served) {
          answered("media");
          return served;
        }
        // Contents are immutable by media id; a 204 (null) may still change, so it is not kept.
        return this.fetch<unknown>("media", key, sessionId, call.signal, MEDIA_ENDPOINT, (signal) => this.client.getJsonMedia(sessionId, mediaId, { signal }), (v) => v !== null);
      },
      openMedia: (sessionId, mediaId, call) => this.client.openMedia(sessionId, mediaId, call),
      // The rest of the read API is not the session cache's: straight to the client.
      getSessionConfiguration: (sessionId, call) => this.client.getSessionConfiguration(sessionId, call),
      getTrackedDevices: (sessionId, call) => this.client.getTrackedDevices(sessionId, call),
      getSupportedDocuments: (includeNonLatin, call) => this.client.getSupportedDocuments(includeNonLatin, call),
    };
  }

  /** Drops a session and its media, and keeps whatever GET about it is in flight from being kept (a notification arrived). */
  evict(sessionId: string): void {
    this.deleting = "notification";
    this.lru.delete(sessionEntry(sessionId));
    for (const key of [...(this.mediaKeys.get(sessionId) ?? [])]) this.lru.delete(key);
    const prefix = mediaEntryPrefix(sessionId);
    for (const [key, flight] of this.flights) {
      if (key === sessionEntry(sessionId) || key.startsWith(prefix)) this.land(key, flight, true);
    }
  }

  /** Drops everything, GETs in flight included (notifications may have been missed, e.g. while Redis was down). */
  clear(): void {
    this.deleting = "resync";
    this.lru.clear();
    for (const [key, flight] of this.flights) this.land(key, flight, true);
  }

  /** JSON bytes held now, all kinds. */
  get heldBytes(): number {
    return this.lru.calculatedSize;
  }

  /** A kept entry, or undefined; a hit, or a read joining a GET in flight, is counted. */
  private serve<T>(kind: CacheKind, key: string, signal: AbortSignal | undefined): Promise<T> | undefined {
    const entry = this.lru.get(key);
    if (entry) {
      this.observer.hit?.(kind);
      return Promise.resolve(entry.value as T);
    }
    const flight = this.flights.get(key) as SharedFetch<T> | undefined;
    if (!flight) return undefined;
    this.observer.joined?.(kind);
    return flight.join(signal);
  }

  /** Starts the GET every request asking for `key` meanwhile joins; keeps its result when `keep` says so. */
  private fetch<T>(
    kind: CacheKind,
    key: string,
    sessionId: string,
    signal: AbortSignal | undefined,
    endpoint: string,
    read: (signal: AbortSignal) => Promise<T>,
    keep: (value: T) => boolean,
  ): Promise<T> {
    this.observer.miss?.(kind);
    const flight: SharedFetch<T> = new SharedFetch<T>(
      (shared) =>
        read(shared).then(
          (value) => {
            // Frozen whether kept or not: requests that joined this GET share the body too.
            const frozen = deepFreeze(value);
            const landed = this.land(key, flight, false);
            if (landed && keep(frozen)) this.store(kind, key, sessionId, frozen);
            return frozen;
          },
          (error: unknown) => {
            this.land(key, flight, false);
            throw error;
          },
        ),
      endpoint,
      () => this.land(key, flight, true),
    );
    this.flights.set(key, flight);
    return flight.join(signal);
  }

  /**
   * Takes a GET off the in-flight list (once). True when its result may still be kept: it was not
   * marked stale by a notification, nor abandoned by every request that waited for it.
   */
  private land(key: string, flight: SharedFetch<unknown>, stale: boolean): boolean {
    if (stale) flight.stale = true;
    if (this.flights.get(key) === flight) this.flights.delete(key);
    return !flight.stale;
  }

  private store(kind: CacheKind, key: string, sessionId: string, value: unknown): void {
    const bytes = Buffer.byteLength(JSON.stringify(value));
    if (bytes > this.lru.maxSize) return;
    this.lru.set(key, { kind, sessionId, value, bytes });
    this.bytes[kind] += bytes;
    if (kind === "media") {
      let keys = this.mediaKeys.get(sessionId);
      if (!keys) this.mediaKeys.set(sessionId, (keys = new Set()));
      keys.add(key);
    }
    this.observer.held?.(kind, this.bytes[kind]);
  }

  private disposed(entry: Entry, key: string, reason: LRUCache.DisposeReason): void {
    this.bytes[entry.kind] -= entry.bytes;
    if (entry.kind === "media") {
      const keys = this.mediaKeys.get(entry.sessionId);
      keys?.delete(key);
      if (keys?.size === 0) this.mediaKeys.delete(entry.sessionId);
    }
    // "set" is a replacement (the entry is kept, newer), not an eviction.
    const why: EvictionReason | undefined = reason === "expire" ? "ttl" : reason === "evict" ? "size" : reason === "delete" ? this.deleting : undefined;
    if (why) this.observer.evicted?.(entry.kind, why);
    if (why === "ttl" || why === "size") this.onDropped?.(entry.sessionId);
    this.observer.held?.(entry.kind, this.bytes[entry.kind]);
  }
}
