import PQueue from "p-queue";

/** Gives a slot back; safe to call more than once (a promise settles once). */
export type Release = () => void;

/**
 * Slots for upstream attempts: at most `max` in flight overall and `perKey` for one key (a session
 * id), so one stalled session holds a few slots and queues its other callers apart from everyone
 * else's. A slot is held for one attempt, never across a backoff. A caller whose signal aborts while
 * queued leaves the queue at once.
 */
export class AttemptGate {
  private readonly all: PQueue;
  private readonly byKey = new Map<string, PQueue>();

  constructor(
    max: number,
    private readonly perKey: number,
  ) {
    this.all = new PQueue({ concurrency: max });
  }

  /** Waits for a slot under `key` and then one overall; rejects with the signal's reason if it aborts first. */
  acquire(key: string, signal?: AbortSignal): Promise<Release> {
    return new Promise<Release>((resolve, reject) => {
      const keyed = this.queueFor(key);
      // The key's slot is taken first, so a stalled key's queued callers never stand in the shared queue.
      keyed
        .add(() => this.all.add(() => new Promise<void>((free) => resolve(() => free())), { signal }), { signal })
        .catch(reject);
    });
  }

  /** Attempts running now, overall. */
  get inFlight(): number {
    return this.all.pending;
  }

  private queueFor(key: string): PQueue {
    let queue = this.byKey.get(key);
    if (!queue) {
      const created = new PQueue({ concurrency: this.perKey });
      // Forget idle keys (nothing queued or running under them): session ids are unbounded. An idle
      // queue is out of the map at once and never used again, so the key's next caller gets a new one.
      created.on("idle", () => this.byKey.delete(key));
      this.byKey.set(key, created);
      queue = created;
    }
    return queue;
  }
}
