import { DuplicateFilter } from "./duplicate-filter.js";
import type { SessionNotification } from "./notification.js";

/** Hears a notification on this replica. */
export type NotificationListener = (notification: SessionNotification) => void;

/** Carries notifications to the other replicas, and theirs to this one. */
export interface BusTransport {
  /** Starts receiving: `receive` gets every notification another replica sent (never this replica's own). */
  start(receive: NotificationListener): void;
  /** Sends to the other replicas; never throws and never waits (a failure is the transport's to log). */
  send(notification: SessionNotification): void;
  close(): Promise<void>;
}

/** What `publish` did with a notification. */
export type PublishOutcome = "delivered" | "duplicate";

/**
 * The notification bus: the one path by which "session X changed" reaches this replica's
 * listeners, whether it came from a webhook here, another replica, or the poller.
 *
 * Order, for every notification that reaches this replica: every before-deliver listener runs
 * first, repeats included (the place to evict a cached session body: a repeat may follow a change,
 * and no subscriber may be told about a change and then read the old body); then retries are
 * dropped, and the deliver listeners (the live feed) hear of the rest. Listeners run synchronously
 * and must not throw.
 */
export class NotificationBus {
  private readonly before = new Set<NotificationListener>();
  private readonly deliver = new Set<NotificationListener>();
  private readonly resync = new Set<() => void>();
  private readonly duplicates = new DuplicateFilter();

  constructor(private readonly transport?: BusTransport) {
    transport?.start((n) => this.local(n));
  }

  /** Whether notifications reach other replicas (Redis) or stay in this process. */
  get shared(): boolean {
    return this.transport !== undefined;
  }

  /**
   * A notification received here (webhook): delivered locally at once, and sent to the other
   * replicas, repeats too (each evicts there as here; each replica drops the repeat itself).
   */
  publish(notification: SessionNotification): PublishOutcome {
    const outcome = this.local(notification);
    this.transport?.send(notification);
    return outcome;
  }

  /**
   * A change this replica found itself and is delivering to its own subscribers (the poller): the
   * before-deliver listeners run, and the other replicas are told; the deliver listeners are not
   * called again.
   */
  announce(notification: SessionNotification): void {
    for (const listener of this.before) listener(notification);
    this.transport?.send(notification);
  }

  /** Runs `listener` before any subscriber hears of a notification (cache eviction); returns its removal. */
  onBeforeDeliver(listener: NotificationListener): () => void {
    this.before.add(listener);
    return () => this.before.delete(listener);
  }

  /**
   * Runs `listener` when notifications from other replicas may have been missed (the transport was
   * down and is back): anything kept on the strength of "no notification came" is suspect. Returns its removal.
   */
  onResync(listener: () => void): () => void {
    this.resync.add(listener);
    return () => this.resync.delete(listener);
  }

  /** The transport is back after an outage: tells the resync listeners. */
  resynced(): void {
    for (const listener of this.resync) listener();
  }

  /** Runs `listener` for every notification delivered on this replica; returns its removal. */
  onDeliver(listener: NotificationListener): () => void {
    this.deliver.add(listener);
    return () => this.deliver.delete(listener);
  }

  /** Stops the transport. */
  close(): Promise<void> {
    return this.transport?.close() ?? Promise.resolve();
  }

  private local(notification: SessionNotification): PublishOutcome {
    for (const listener of this.before) listener(notification);
    // A repeat saves the subscribers' fetch, never the eviction above.
    if (this.duplicates.isRepeat(notification)) return "duplicate";
    for (const listener of this.deliver) listener(notification);
    return "delivered";
  }
}
