import type { Logger } from "pino";
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
  /** Mean time between two polls of one session (SESSION_POLL_INTERVAL_MS); each wait is jittered by ±20%. */
  readonly intervalMs: number;
  /** With several replicas: only the holder polls; the others hear of its changes through the bus. */
  readonly lock?: PollLock;
  readonly logger: Logger;
}

/** Polls missed before a dead holder's lock lapses and another replica takes over. */
const LOCK_INTERVALS = 3;

/**
 * Without webhooks, the source of change: every session that has subscribers (a feed watch) is
 * read once per interval, per replica (or, with a lock, by one replica), and its subscribers hear
 * of it only when something changed (the feed compares). Polling stops when the watch ends: the
 * last subscriber left, or the session finished.
 */
export class SessionPoller {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly unwatch: () => void;
  private lockDown = false;

  constructor(
    private readonly feed: SessionFeed,
    private readonly options: PollerOptions,
  ) {
    this.unwatch = feed.onWatch((sessionId, watched) => (watched ? this.schedule(sessionId) : this.stop(sessionId)));
  }

  /** Sessions being polled now. */
  get polling(): number {
    return this.timers.size;
  }

  /** Stops every poll and gives up the locks. */
  close(): void {
    this.unwatch();
    for (const sessionId of [...this.timers.keys()]) this.stop(sessionId);
  }

  private schedule(sessionId: string): void {
    const delay = this.options.intervalMs * (0.8 + 0.4 * Math.random());
    this.timers.set(sessionId, setTimeout(() => void this.poll(sessionId), delay));
  }

  private async poll(sessionId: string): Promise<void> {
    if (await this.mayPoll(sessionId)) {
      if (!this.timers.has(sessionId)) return;
      await this.feed.refresh(sessionId, "poll");
    }
    if (this.timers.has(sessionId)) this.schedule(sessionId);
  }

  private async mayPoll(sessionId: string): Promise<boolean> {
    const { lock } = this.options;
    if (!lock) return true;
    try {
      const held = await lock.hold(sessionId, this.options.intervalMs * LOCK_INTERVALS);
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
