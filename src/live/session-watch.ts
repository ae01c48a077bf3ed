import { createJsonMediaLoader } from "../loaders/media-loader.js";
import { createRequestStats } from "../loaders/request-stats.js";
import { ErrorCode } from "../errors/error-codes.js";
import type { MediaSource } from "../upstream/media-client.js";
import type { SessionSource } from "../upstream/session-client.js";
import { UpstreamError } from "../upstream/upstream-error.js";
import type { WireSession } from "../upstream/wire/index.js";
import type { FetchCause, LiveObserver } from "./live-observer.js";
import { isFinished, type ChangeSubject, type SessionChange } from "./session-change.js";
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
  /** The watch has ended (no subscriber left, or its session finished). */
  closed(watch: SessionWatch): void;
}

const now = () => new Date().toISOString();

function isNotFound(error: unknown): boolean {
  return error instanceof UpstreamError && error.code === ErrorCode.NOT_FOUND;
}

/**
 * The subscribers of one session on this replica, and the one read loop that serves them all:
 * whatever arrives while a read is in flight (changes, new subscribers) is served by the next single
 * read, so a change costs one upstream GET however many subscribers it has, and none at all when
 * the change brought the body that showed it (the poller's). Each subscriber gets the state when it
 * joined first, then one event per change.
 */
export class SessionWatch {
  private readonly subscribers = new Set<Subscriber>();
  private pending: { change: SessionChange; receivedAt: string }[] = [];
  private running = false;
  private ended = false;
  /** The last body read: what the poller compares the next one with. */
  private last: WireSession | undefined;
  private readonly abort = new AbortController();

  constructor(
    readonly sessionId: string,
    private readonly deps: WatchDeps,
  ) {}

  /** Subscribers now. */
  get size(): number {
    return this.subscribers.size;
  }

  /** The last body read for this watch's subscribers, if any yet. */
  get latest(): WireSession | undefined {
    return this.last;
  }

  /** Joins a subscriber; its first event is the state read for it (or with others joining at the same time). */
  add(subscriber: Subscriber): void {
    this.subscribers.add(subscriber);
    this.kick();
  }

  /** A subscriber left; the last one to leave ends the watch and cancels its read. */
  remove(subscriber: Subscriber): void {
    if (this.subscribers.delete(subscriber) && this.subscribers.size === 0) this.end();
  }

  /** A change of this session: one event for it, after one read (or with the body it brought). */
  notify(change: SessionChange): void {
    if (this.ended) return;
    this.pending.push({ change, receivedAt: now() });
    this.kick();
  }

  /** Ends every subscription (events already pushed are still delivered) and cancels a read in flight. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.abort.abort();
    for (const subscriber of [...this.subscribers]) subscriber.stop();
    this.deps.closed(this);
  }

  private kick(): void {
    if (!this.running && !this.ended) void this.run();
  }

  private hasWork(): boolean {
    if (this.pending.length > 0) return true;
    for (const s of this.subscribers) if (!s.hasSnapshot) return true;
    return false;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.ended && this.hasWork()) {
        const changes = this.pending.splice(0);
        // Changes that all brought their body need no read: the newest of them is the state now.
        const carried = changes.length > 0 && changes.every((c) => c.change.body) ? changes.at(-1)!.change.body : undefined;
        const fetched = carried ? this.shared(carried) : await this.fetch(changes.length > 0 ? "notification" : "snapshot");
        if (this.ended) return;
        if (fetched.session) this.last = fetched.session;
        const final = (fetched.session !== undefined && isFinished(fetched.session)) || isNotFound(fetched.error);
        // Changes that came while the read was in flight are in a final state too: each still gets its event before the watch ends.
        if (final) changes.push(...this.pending.splice(0));
        const events = changes.map((c) => this.event(c.change, c.receivedAt, fetched));
        const snapshot = this.event({ topic: SNAPSHOT_TOPIC }, now(), fetched);
        for (const subscriber of this.subscribers) {
          if (!subscriber.hasSnapshot) {
            // Whatever arrived before this read is in the state it read: the snapshot stands for it.
            subscriber.hasSnapshot = true;
            subscriber.push(snapshot);
          } else {
            for (const event of events) subscriber.push(event);
          }
        }
        if (final) this.end();
      }
    } catch {
      // A bug here must not take the process down: the streams end, and clients may resubscribe.
      this.end();
    } finally {
      this.running = false;
    }
  }

  /** A body shared by this read's subscribers, with the JSON media loader they share for it. */
  private shared(session: WireSession | undefined, error?: unknown): FetchedSession {
    const jsonMedia = createJsonMediaLoader(this.deps.client, { stats: createRequestStats(), signal: this.deps.shutdown, maxMedia: this.deps.maxMedia });
    return session ? { session, jsonMedia } : { error, jsonMedia };
  }

  private async fetch(cause: FetchCause): Promise<FetchedSession> {
    this.deps.observer.fetched?.(cause);
    try {
      return this.shared(await this.deps.client.getSession(this.sessionId, { signal: this.abort.signal }));
    } catch (error) {
      return this.shared(undefined, error);
    }
  }

  private event(about: ChangeSubject, receivedAt: string, fetched: FetchedSession): SessionEvent {
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
