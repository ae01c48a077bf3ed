import { AuditUnavailableError } from "./audit-store.js";
import { safeCause } from "./store-failure.js";

/** How a GroupCommit batches and bounds its work. */
export interface GroupCommitOptions<T> {
  /** Makes one batch durable (one transaction); rejects when it could not. */
  readonly commit: (items: T[]) => Promise<void>;
  /** How long an idle queue waits for more items before committing (0: right after this turn of the event loop, picking up what it submitted). */
  readonly lingerMs: number;
  /** At most this many items in one transaction (whole submissions: one larger submission goes alone). */
  readonly maxBatch: number;
  /** Items queued or in flight beyond which a submission is refused at once. */
  readonly maxPending: number;
  readonly onCommitted?: () => void;
  readonly onFailed?: (cause: Error) => void;
}

interface Submission<T> {
  readonly items: readonly T[];
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Group commit: submissions made while a transaction is in flight (or within `lingerMs` of an idle
 * queue) share the next transaction, so many small appends cost few commits. Each submission's
 * promise settles only after its transaction committed or failed; a failed one rejects every
 * submission in it with AuditUnavailableError.
 */
export class GroupCommit<T> {
  private readonly queue: Submission<T>[] = [];
  private pending = 0;
  private running = false;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private idle: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: GroupCommitOptions<T>) {}

  /** Items queued or in flight. */
  get size(): number {
    return this.pending;
  }

  /** Queues `items` for the next transaction; resolves once it committed. */
  submit(items: readonly T[]): Promise<void> {
    if (this.closed) return Promise.reject(new AuditUnavailableError(new Error("audit store closed")));
    if (items.length === 0) return Promise.resolve();
    if (this.pending + items.length > this.options.maxPending) {
      return Promise.reject(new AuditUnavailableError(new Error(`audit queue full (${this.options.maxPending} events pending)`)));
    }
    this.pending += items.length;
    const done = new Promise<void>((resolve, reject) => this.queue.push({ items, resolve, reject }));
    this.schedule();
    return done;
  }

  /** Refuses new submissions and resolves once every queued one has settled. */
  async close(): Promise<void> {
    this.closed = true;
    if (!this.running && this.timer === undefined) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.running || this.timer !== undefined) return;
    const start = () => {
      this.timer = undefined;
      void this.run();
    };
    // A lone submission should not wait: under load, batches form behind the transaction in flight anyway.
    this.timer = this.options.lingerMs === 0 ? setImmediate(start) : setTimeout(start, this.options.lingerMs);
  }

  private take(): Submission<T>[] {
    const batch: Submission<T>[] = [];
    let count = 0;
    while (this.queue.length > 0 && (batch.length === 0 || count + this.queue[0]!.items.length <= this.options.maxBatch)) {
      const next = this.queue.shift()!;
      count += next.items.length;
      batch.push(next);
    }
    return batch;
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const batch = this.take();
      const items = batch.flatMap((submission) => submission.items);
      try {
        await this.options.commit(items);
        this.pending -= items.length;
        this.options.onCommitted?.();
        for (const submission of batch) submission.resolve();
      } catch (error) {
        this.pending -= items.length;
        const cause = safeCause(error);
        this.options.onFailed?.(cause);
        for (const submission of batch) submission.reject(new AuditUnavailableError(cause));
      }
    }
    this.running = false;
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
