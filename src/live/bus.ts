import { DuplicateFilter } from "./duplicate-filter.js";
import type { SessionChange } from "./session-change.js";

/** Hears a change on this replica. */
export type ChangeListener = (change: SessionChange) => void;

/** Carries changes to the other replicas, and theirs to this one. */
export interface BusTransport {
  /** Starts receiving: `receive` gets every change another replica sent (never this replica's own). */
  start(receive: ChangeListener): void;
  /** Sends to the other replicas (never the body); never throws and never waits (a failure is the transport's to log). */
  send(change: SessionChange): void;
  close(): Promise<void>;
}

/** What `publish` did with a change. */
export type PublishOutcome = "delivered" | "duplicate";

/**
 * The change bus: the one path by which "session X changed" reaches this replica's listeners,
 * whatever found it (a webhook here, the poller, another replica), in one direction:
 * source > bus > (cache eviction, other replicas) > feed > watch > subscribers.
 *
 * Order, for every change that reaches this replica: every before-deliver listener runs first,
 * repeats included (the place to evict a cached session body: a repeat may follow a change, and no
 * subscriber may be told about a change and then read the old body); then Yoti's retries are
 * dropped, and the deliver listeners (the live feed) hear of the rest. Listeners run synchronously
 * and must not throw.
 */
export class ChangeBus {
  private readonly before = new Set<ChangeListener>();
  private readonly deliver = new Set<ChangeListener>();
  private readonly resync = new Set<() => void>();
  private readonly duplicates = new DuplicateFilter();

  constructor(private readonly transport?: BusTransport) {
    transport?.start((change) => this.local(change));
  }

  /** Whether changes reach other replicas (Redis) or stay in this process. */
  get shared(): boolean {
    return this.transport !== undefined;
  }

  /**
   * A change found on this replica (a webhook, the poller): delivered here at once, and sent to the
   * other replicas, repeats too (each evicts there as here; each replica drops the repeat itself).
   * `here` keeps it on this replica: a resync, which every replica runs for itself.
   */
  publish(change: SessionChange, reach: "everywhere" | "here" = "everywhere"): PublishOutcome {
    const outcome = this.local(change);
    if (reach === "everywhere") this.transport?.send(change);
    return outcome;
  }

  /** Runs `listener` before any subscriber hears of a change (cache eviction); returns its removal. */
  onBeforeDeliver(listener: ChangeListener): () => void {
    this.before.add(listener);
    return () => this.before.delete(listener);
  }

  /** Runs `listener` for every change delivered on this replica (repeats dropped); returns its removal. */
  onDeliver(listener: ChangeListener): () => void {
    this.deliver.add(listener);
    return () => this.deliver.delete(listener);
  }

  /**
   * Runs `listener` when changes from other replicas may have been missed (the transport was down
   * and is back): anything kept on the strength of "no change came" is suspect. Returns its removal.
   */
  onResync(listener: () => void): () => void {
    this.resync.add(listener);
    return () => this.resync.delete(listener);
  }

  /** The transport is back after an outage: tells the resync listeners. */
  resynced(): void {
    for (const listener of this.resync) listener();
  }

  /** Stops the transport. */
  close(): Promise<void> {
    return this.transport?.close() ?? Promise.resolve();
  }

  private local(change: SessionChange): PublishOutcome {
    for (const listener of this.before) listener(change);
    // A repeat saves the subscribers' fetch, never the eviction above.
    if (this.duplicates.isRepeat(change)) return "duplicate";
    for (const listener of this.deliver) listener(change);
    return "delivered";
  }
}
