import type { AuditCheckpoint } from "./audit-checkpoint.js";
import type { AuditEvent, AuditEventInput } from "./audit-event.js";

/** Which events a read wants, newest first. */
export interface AuditFilter {
  readonly sessionId?: string;
  readonly caller?: string;
  /** Inclusive lower bound on `at`. */
  readonly from?: Date;
  /** Exclusive upper bound on `at`. */
  readonly to?: Date;
  /** Page size, 1..500. */
  readonly first: number;
  /** Only events with a smaller seq than this one (the cursor of the last event of the previous page). */
  readonly beforeSeq?: string;
}

/** One page of events, newest first. */
export interface AuditPage {
  readonly events: readonly AuditEvent[];
  readonly hasNextPage: boolean;
}

/** Thrown (rejected) when the store cannot take or give events: the gateway answers AUDIT_UNAVAILABLE. */
export class AuditUnavailableError extends Error {
  constructor(cause?: unknown) {
    super("audit store unavailable", { cause });
    this.name = "AuditUnavailableError";
  }
}

/**
 * The audit trail's store: PostgreSQL (a server, `pg`) or PGlite (in-process), the same SQL.
 * Appends are group-committed: every append made within a few milliseconds shares one transaction,
 * and each promise resolves only once its events are durable.
 */
export interface AuditStore {
  readonly kind: "postgres" | "pglite";
  /** False from a failed write or a lost connection until the next successful one (readiness reports it). */
  readonly available: boolean;
  /** Appends events to the chain; resolves when they are committed, rejects with AuditUnavailableError. */
  append(events: readonly AuditEventInput[]): Promise<void>;
  /** One page of events matching the filter, newest first. */
  list(filter: AuditFilter): Promise<AuditPage>;
  /** Every event with from <= at < to, oldest first, in chain order (for export and verification). */
  stream(range: { readonly from?: Date; readonly to?: Date }): AsyncIterable<AuditEvent>;
  /** Where the chain starts after retention (64 zeros and seq 0 before any): an export from the beginning carries it. */
  checkpoint(): Promise<AuditCheckpoint>;
  /** Removes events older than `days` before `now`, moving the checkpoint so the rest still verifies. */
  applyRetention(now: Date, days: number): Promise<{ readonly removed: number }>;
  /** Waits for in-flight appends, then closes the connection (or PGlite). */
  close(): Promise<void>;
}
