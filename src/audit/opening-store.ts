import type { AuditCheckpoint } from "./audit-checkpoint.js";
import type { AuditEvent, AuditEventInput } from "./audit-event.js";
import { AuditUnavailableError, type AuditFilter, type AuditPage, type AuditStore } from "./audit-store.js";

/**
 * A store that is still opening (PGlite's first open initialises a database: seconds), usable at
 * once: unavailable until `opening` resolves, then the opened store itself. The gateway listens
 * meanwhile; personal data waits for the trail (AUDIT_UNAVAILABLE) and readiness says not ready.
 * If opening fails, it stays unavailable and `failed` holds the reason.
 */
export class OpeningStore implements AuditStore {
  private store?: AuditStore;
  failed?: unknown;
  readonly opened: Promise<AuditStore | undefined>;

  constructor(
    readonly kind: AuditStore["kind"],
    opening: Promise<AuditStore>,
  ) {
    this.opened = opening.then(
      (store) => (this.store = store),
      (error: unknown) => {
        this.failed = error;
        return undefined;
      },
    );
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
    const store = await this.opened;
    await store?.close();
  }
}
