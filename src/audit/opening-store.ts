import type { AuditCheckpoint } from "./audit-checkpoint.js";
import type { AuditEvent, AuditEventInput } from "./audit-event.js";
import { AuditUnavailableError, type AuditFilter, type AuditPage, type AuditStore } from "./audit-store.js";

/**
 * A store that is still opening (PGlite's first open initialises a database: seconds; a server may
 * not be reachable yet), usable at once: unavailable until `open` succeeds, then the opened store
 * itself. The gateway listens meanwhile; personal data waits for the trail (AUDIT_UNAVAILABLE) and
 * readiness says not ready. A failed open is tried again every `retryMs` until it succeeds or the
 * store is closed.
 */
export class OpeningStore implements AuditStore {
  private store?: AuditStore;
  private closed = false;
  private timer?: NodeJS.Timeout;
  private settle!: (store: AuditStore | undefined) => void;
  /** Resolves with the opened store, or undefined when closed before it opened. */
  readonly opened: Promise<AuditStore | undefined>;

  constructor(
    readonly kind: AuditStore["kind"],
    private readonly open: () => Promise<AuditStore>,
    private readonly onFailure: (error: unknown, attempt: number) => void = () => {},
    private readonly retryMs = 2_000,
  ) {
    this.opened = new Promise((resolve) => (this.settle = resolve));
    void this.attempt(1);
  }

  private async attempt(n: number): Promise<void> {
    try {
      const store = await this.open();
      if (this.closed) return void (await store.close());
      this.store = store;
      this.settle(store);
    } catch (error) {
      this.onFailure(error, n);
      if (!this.closed) this.timer = setTimeout(() => void this.attempt(n + 1), this.retryMs).unref();
    }
  }

  get available(): boolean {
    return this.store?.available ?? false;
  }

  append(events: readonly AuditEventInput[]): Promise<void> {
    return this.store ? this.store.append(events) : Promise.reject(new AuditUnavailableError());
  }

  list(filter: AuditFilter): Promise<AuditPage> {
    return this.store ? this.store.list(filter) : Promise.reject(new AuditUnavailableError());
  }

  stream(range: { readonly from?: Date; readonly to?: Date }): AsyncIterable<AuditEvent> {
    if (this.store) return this.store.stream(range);
    return {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new AuditUnavailableError()) }),
    };
  }

  checkpoint(): Promise<AuditCheckpoint> {
    return this.store ? this.store.checkpoint() : Promise.reject(new AuditUnavailableError());
  }

  applyRetention(now: Date, days: number): Promise<{ readonly removed: number }> {
    return this.store ? this.store.applyRetention(now, days) : Promise.reject(new AuditUnavailableError());
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.settle(undefined);
    await this.store?.close();
  }
}
