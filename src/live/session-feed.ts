import { Repeater, SlidingBuffer } from "@repeaterjs/repeater";
import type { MediaSource } from "../upstream/media-client.js";
import type { SessionSource } from "../upstream/session-client.js";
import type { WireSession } from "../upstream/wire/index.js";
import type { LiveObserver } from "./live-observer.js";
import type { SessionChange } from "./session-change.js";
import type { SessionEvent } from "./session-event.js";
import { SessionWatch, type Subscriber } from "./session-watch.js";

/**
 * Events a slow subscriber may fall behind by before the oldest are dropped. Each event carries the
 * whole session as read, so the newest ones say everything the dropped ones did.
 */
const SUBSCRIBER_BUFFER = 16;

/** How the feed runs. */
export interface FeedOptions {
  /** A subscription ends after this long even if its session never finishes. */
  readonly maxLifetimeMs: number;
  /** JSON media one fetched body may cause. */
  readonly maxMedia: number;
  readonly observer?: LiveObserver;
}

/** What the subscription resolver needs: a stream of events about one session. */
export interface SessionUpdates {
  /** Events about `sessionId` (lower-case UUID, already authorised): the current state first. */
  subscribe(sessionId: string): AsyncIterableIterator<SessionEvent>;
}

/**
 * The live sessions of this replica: one watch per session that has subscribers, told of every
 * change the bus delivers. It only listens: changes come in through `deliver`, never go out.
 */
export class SessionFeed implements SessionUpdates {
  private readonly watches = new Map<string, SessionWatch>();
  private readonly watchListeners = new Set<(sessionId: string, watched: boolean) => void>();
  private readonly shutdown = new AbortController();
  private active = 0;
  private stopped = false;

  constructor(
    private readonly client: SessionSource & MediaSource,
    private readonly options: FeedOptions,
  ) {}

  /** Events about one session, ending after COMPLETED or EXPIRED, NOT_FOUND, the lifetime, or close(). */
  subscribe(sessionId: string): AsyncIterableIterator<SessionEvent> {
    return new Repeater<SessionEvent>(async (push, stop) => {
      if (this.stopped) return stop();
      const subscriber: Subscriber = { push: (event) => void push(event), stop: () => stop(), hasSnapshot: false };
      const watch = this.watchFor(sessionId);
      this.count(+1);
      watch.add(subscriber);
      const lifetime = setTimeout(() => stop(), this.options.maxLifetimeMs);
      try {
        await stop;
      } finally {
        clearTimeout(lifetime);
        this.count(-1);
        watch.remove(subscriber);
      }
    }, new SlidingBuffer(SUBSCRIBER_BUFFER));
  }

  /** A change delivered on this replica: the session's subscribers (if any) get one event for it. */
  deliver(change: SessionChange): void {
    this.watches.get(change.sessionId)?.notify(change);
  }

  /** The last body read for a watched session's subscribers: what the poller compares its next read with. */
  latest(sessionId: string): WireSession | undefined {
    return this.watches.get(sessionId)?.latest;
  }

  /** The sessions watched now. */
  watched(): string[] {
    return [...this.watches.keys()];
  }

  /** Calls `listener` when a session gains its first subscriber (true) or its watch ends (false). */
  onWatch(listener: (sessionId: string, watched: boolean) => void): () => void {
    this.watchListeners.add(listener);
    return () => this.watchListeners.delete(listener);
  }

  /** Subscriptions open now. */
  get subscriptions(): number {
    return this.active;
  }

  /** Ends every subscription and refuses new ones. */
  close(): void {
    this.stopped = true;
    for (const watch of [...this.watches.values()]) watch.end();
    this.shutdown.abort();
  }

  private watchFor(sessionId: string): SessionWatch {
    let watch = this.watches.get(sessionId);
    if (watch) return watch;
    watch = new SessionWatch(sessionId, {
      client: this.client,
      maxMedia: this.options.maxMedia,
      observer: this.options.observer ?? {},
      shutdown: this.shutdown.signal,
      closed: (ended) => {
        if (this.watches.get(sessionId) !== ended) return;
        this.watches.delete(sessionId);
        for (const listener of this.watchListeners) listener(sessionId, false);
      },
    });
    this.watches.set(sessionId, watch);
    for (const listener of this.watchListeners) listener(sessionId, true);
    return watch;
  }

  private count(delta: number): void {
    this.active += delta;
    this.options.observer?.subscriptions?.(this.active);
  }
}
