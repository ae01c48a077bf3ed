import type { Logger } from "pino";
import type { SessionSource } from "../upstream/session-client.js";
import type { ChangeBus } from "./bus.js";
import type { FetchCause, LiveObserver } from "./live-observer.js";
import { detectChange } from "./session-change.js";
import type { SessionFeed } from "./session-feed.js";

/** Who polls a session when several replicas watch it: the holder of a lock (Redis), renewed at every poll. */
export interface PollLock {
  /** Takes or renews the lock on `sessionId` for `ttlMs`; true when this replica holds it. Rejects when the lock store is unreachable. */
  hold(sessionId: string, ttlMs: number): Promise<boolean>;
  /** Gives the lock up, if this replica holds it. */
  release(sessionId: string): Promise<void>;
}

/** How the poller runs. */
export interface PollerOptions {
  /** Mean time between two polls of one session (GATEWAY_LIVE_POLL_INTERVAL_MS); each wait is jittered by ±20%. Undefined: no periodic polls (webhooks say what changed). */
  readonly intervalMs?: number;
  /** With several replicas: only the holder polls; the others hear of its changes through the bus. */
  readonly lock?: PollLock;
  readonly logger: Logger;
  readonly observer?: LiveObserver;
}

/** Polls missed before a dead holder's lock lapses and another replica takes over. */
const LOCK_INTERVALS = 3;

/**
 * The source of change when nobody says what changed: it reads a watched session, compares it with
 * what its subscribers last saw (the feed's latest body), and publishes what differs to the bus
 * like any other change, with the body that showed it (so no second GET serves this replica's
 * subscribers). Without webhooks it polls every watched, unfinished session once per interval, per
 * replica (or, with a lock, by one replica); with or without them, it checks every watched session
 * once after changes may have been missed (`checkAll`, e.g. when Redis is back).
 */
export class SessionPoller {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly unwatch: () => void;
  private lockDown = false;

  constructor(
    private readonly client: SessionSource,
    private readonly feed: SessionFeed,
    private readonly bus: ChangeBus,
    private readonly options: PollerOptions,
  ) {
    this.unwatch = options.intervalMs === undefined ? () => {} : feed.onWatch((sessionId, watched) => (watched ? this.schedule(sessionId) : this.stop(sessionId)));
  }

  /** Sessions being polled now. */
  get polling(): number {
    return this.timers.size;
  }

  /** Reads every watched session once and publishes what changed (changes may have been missed). */
  checkAll(cause: FetchCause): void {
    for (const sessionId of this.feed.watched()) void this.check(sessionId, cause);
  }

  /** Stops every poll and gives up the locks. */
  close(): void {
    this.unwatch();
    for (const sessionId of [...this.timers.keys()]) this.stop(sessionId);
  }

  /** Reads one session and publishes a change if it differs from what its subscribers last saw. */
  private async check(sessionId: string, cause: FetchCause): Promise<void> {
    const before = this.feed.latest(sessionId);
    // Nothing read yet: the subscribers' own first read is on its way and will show the state.
    if (before === undefined) return;
    this.options.observer?.fetched?.(cause);
    let body;
    try {
      body = await this.client.getSession(sessionId);
    } catch {
      // A failed poll shows no change; the next one tries again (a webhook or resubscription may come first).
      return;
    }
    // Compared with what subscribers saw last when the read came back, not when it left.
    const seen = this.feed.latest(sessionId);
    if (seen === undefined) return;
    const change = detectChange(seen, body);
    // A resync is every replica's own: the others check their watched sessions themselves.
    if (change) this.bus.publish({ ...change, sessionId, source: "poll", body }, cause === "resync" ? "here" : "everywhere");
  }

  private schedule(sessionId: string): void {
    const delay = this.options.intervalMs! * (0.8 + 0.4 * Math.random());
    this.timers.set(sessionId, setTimeout(() => void this.poll(sessionId), delay));
  }

  private async poll(sessionId: string): Promise<void> {
    if (await this.mayPoll(sessionId)) {
      if (!this.timers.has(sessionId)) return;
      await this.check(sessionId, "poll");
    }
    if (this.timers.has(sessionId)) this.schedule(sessionId);
  }

  private async mayPoll(sessionId: string): Promise<boolean> {
    const { lock } = this.options;
    if (!lock) return true;
    try {
      const held = await lock.hold(sessionId, this.options.intervalMs! * LOCK_INTERVALS);
      this.lockDown = false;
      return held;
    } catch {
      // Lock store unreachable: every replica polls for itself, as without Redis (more GETs, no missed change).
      if (!this.lockDown) this.options.logger.warn("poll lock unavailable: each replica polls its watched sessions itself until it is back");
      this.lockDown = true;
      return true;
    }
  }

  private stop(sessionId: string): void {
    const timer = this.timers.get(sessionId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(sessionId);
    this.options.lock?.release(sessionId).catch(() => {});
  }
}
