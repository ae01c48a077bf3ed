import { createJsonMediaLoader } from "../loaders/media-loader.js";
import { createRequestStats } from "../loaders/request-stats.js";
import { ErrorCode } from "../upstream/error-codes.js";
import type { MediaSource } from "../upstream/media-client.js";
import type { SessionSource } from "../upstream/session-client.js";
import { UpstreamError } from "../upstream/upstream-error.js";
import type { WireSession } from "../upstream/wire/index.js";
import type { SessionNotification } from "./notification.js";
import type { FetchCause, LiveObserver } from "./observer.js";
import { detectChange, isFinished, SESSION_UPDATE_TOPIC } from "./session-change.js";
import { SNAPSHOT_TOPIC, type FetchedSession, type SessionEvent } from "./session-event.js";

/** One subscription's end of a watch. */
export interface Subscriber {
  push(event: SessionEvent): void;
  stop(): void;
  /** False until its first event (the state when it joined) was pushed. */
  hasSnapshot: boolean;
}

/** What a watch needs from the feed that owns it. */
export interface WatchDeps {
  readonly client: SessionSource & MediaSource;
  /** JSON media one fetched body may cause (GATEWAY_MAX_MEDIA_PER_REQUEST). */
  readonly maxMedia: number;
  readonly observer: LiveObserver;
  /** Aborts media reads when the whole feed stops. */
  readonly shutdown: AbortSignal;
  /** A change a refresh found, before any subscriber hears of it (cache eviction, other replicas). */
  announce(notification: SessionNotification): void;
  /** The watch has ended (no subscriber left, or its session finished). */
  closed(watch: SessionWatch): void;
}

interface Refresh {
  readonly cause: FetchCause;
  readonly resolve: (change: SessionNotification | undefined) => void;
}

const now = () => new Date().toISOString();

function isNotFound(error: unknown): boolean {
  return error instanceof UpstreamError && error.code === ErrorCode.NOT_FOUND;
}

/**
 * The subscribers of one session on this replica, and the one fetch loop that serves them all:
 * whatever arrives while a fetch is in flight (notifications, refreshes, new subscribers) is
 * served by the next single fetch, so a change costs one upstream GET however many subscribers
 * it has. Each subscriber gets the state when it joined first, then one event per notification.
 */
export class SessionWatch {
  private readonly subscribers = new Set<Subscriber>();
  private pending: { notification: SessionNotification; receivedAt: string }[] = [];
  private refreshes: Refresh[] = [];
  private running = false;
  private ended = false;
  /** The last body fetched: what a refresh compares with. */
  private latest: WireSession | undefined;
  private readonly abort = new AbortController();

  constructor(
    readonly sessionId: string,
    private readonly deps: WatchDeps,
  ) {}

  /** Subscribers now. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Joins a subscriber; its first event is the state fetched for it (or with others joining at the same time). */
  add(subscriber: Subscriber): void {
    this.subscribers.add(subscriber);
    this.kick();
  }

  /** A subscriber left; the last one to leave ends the watch and cancels its fetch. */
  remove(subscriber: Subscriber): void {
    if (this.subscribers.delete(subscriber) && this.subscribers.size === 0) this.end();
  }

  /** A notification about this session: one event per notification, after one fetch. */
  notify(notification: SessionNotification): void {
    if (this.ended) return;
    this.pending.push({ notification, receivedAt: now() });
    this.kick();
  }

  /** Reads the session and tells subscribers only if something changed; resolves with the change found. */
  refresh(cause: FetchCause): Promise<SessionNotification | undefined> {
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.refreshes.push({ cause, resolve });
      this.kick();
    });
  }

  /** Ends every subscription (events already pushed are still delivered) and cancels a fetch in flight. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.abort.abort();
    for (const refresh of this.refreshes.splice(0)) refresh.resolve(undefined);
    for (const subscriber of [...this.subscribers]) subscriber.stop();
    this.deps.closed(this);
  }

  private kick(): void {
    if (!this.running && !this.ended) void this.run();
  }

  private hasWork(): boolean {
    if (this.pending.length > 0 || this.refreshes.length > 0) return true;
    for (const s of this.subscribers) if (!s.hasSnapshot) return true;
    return false;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.ended && this.hasWork()) {
        const notes = this.pending.splice(0);
        const refreshes = this.refreshes.splice(0);
        const fetched = await this.fetch(notes.length > 0 ? "notification" : (refreshes[0]?.cause ?? "snapshot"));
        if (this.ended) {
          for (const refresh of refreshes) refresh.resolve(undefined);
          return;
        }
        const receivedAt = now();
        const previous = this.latest;
        if (fetched.session) this.latest = fetched.session;
        // A refresh that no notification explains becomes an event only when something changed.
        let found: SessionNotification | undefined;
        if (notes.length === 0 && refreshes.length > 0 && fetched.session) {
          const change = previous ? detectChange(previous, fetched.session) : { topic: SESSION_UPDATE_TOPIC };
          if (change) found = { sessionId: this.sessionId, source: "poll", ...change };
        }
        if (found) this.deps.announce(found);
        const events = notes.map((p) => this.event(p.notification, p.receivedAt, fetched));
        if (found) events.push(this.event(found, receivedAt, fetched));
        const snapshot = this.event({ topic: SNAPSHOT_TOPIC }, receivedAt, fetched);
        for (const subscriber of this.subscribers) {
          if (!subscriber.hasSnapshot) {
            // Whatever arrived before this fetch is in the state it read: the snapshot stands for it.
            subscriber.hasSnapshot = true;
            subscriber.push(snapshot);
          } else {
            for (const event of events) subscriber.push(event);
          }
        }
        for (const refresh of refreshes) refresh.resolve(found);
        if ((fetched.session && isFinished(fetched.session)) || isNotFound(fetched.error)) this.end();
      }
    } catch {
      // A bug here must not take the process down: the streams end, and clients may resubscribe.
      this.end();
    } finally {
      this.running = false;
    }
  }

  private async fetch(cause: FetchCause): Promise<FetchedSession> {
    this.deps.observer.fetched?.(cause);
    const jsonMedia = createJsonMediaLoader(this.deps.client, { stats: createRequestStats(), signal: this.deps.shutdown, maxMedia: this.deps.maxMedia });
    try {
      return { session: await this.deps.client.getSession(this.sessionId, { signal: this.abort.signal }), jsonMedia };
    } catch (error) {
      return { error, jsonMedia };
    }
  }

  private event(about: Pick<SessionNotification, "topic" | "resourceId" | "taskId" | "checkId">, receivedAt: string, fetched: FetchedSession): SessionEvent {
    return {
      sessionId: this.sessionId,
      topic: about.topic,
      receivedAt,
      resourceId: about.resourceId,
      taskId: about.taskId,
      checkId: about.checkId,
      fetched,
    };
  }
}
