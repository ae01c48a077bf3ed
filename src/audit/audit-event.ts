/**
 * One audit event: who read which personal data of one session, when, how and why. The gateway
 * writes one per (request, session) whose answer carried personal data or refused it, one per
 * media download, and one per read of the audit trail itself. Values are never recorded: only
 * schema coordinates and media ids.
 */

/** How the read arrived. */
export type AuditTransport = "http" | "websocket" | "media" | "entities" | "export";
export const AUDIT_TRANSPORTS: readonly AuditTransport[] = Object.freeze(["http", "websocket", "media", "entities", "export"]);

/** ANSWERED when personal data left; otherwise the stable error code it was refused with (FORBIDDEN, UNAUTHENTICATED, PURPOSE_REQUIRED). */
export type AuditOutcome = "ANSWERED" | "FORBIDDEN" | "UNAUTHENTICATED" | "PURPOSE_REQUIRED";

/** What the gateway hands the store; the store adds the sequence number and the chain. */
export interface AuditEventInput {
  /** Server time of the read. */
  readonly at: Date;
  /** API key name or JWT `sub`; null when the caller could not be authenticated. */
  readonly caller: string | null;
  /** JWT `iss`; null for API keys and open (development) callers. */
  readonly issuer: string | null;
  readonly transport: AuditTransport;
  readonly operationName: string | null;
  readonly requestId: string;
  readonly traceId: string | null;
  /** Null when the read named no session (an unauthenticated attempt, an export). */
  readonly sessionId: string | null;
  /** Personal-data schema coordinates the answer carried (`DocumentFieldValues.dateOfBirth`), sorted, distinct. */
  readonly coordinates: readonly string[];
  /** Coordinates refused (FORBIDDEN, PURPOSE_REQUIRED, ...), sorted, distinct. */
  readonly refused: readonly string[];
  /** Media whose links were issued or whose bytes were served, sorted, distinct. */
  readonly mediaIds: readonly string[];
  /** True when the caller saw masked values (`pii:masked`). */
  readonly masked: boolean;
  /** What the caller stated (X-Access-Purpose or the JWT `purpose` claim), at most 200 characters. */
  readonly purpose: string | null;
  readonly outcome: AuditOutcome;
}

/** An event as stored: its place in the chain and the hashes that bind it there. */
export interface AuditEvent extends AuditEventInput {
  /** Position in the database's one chain (a bigint, as decimal text). */
  readonly seq: string;
  /** `hash` of the event before it (or of the retention checkpoint; 64 zeros for the first). */
  readonly prevHash: string;
  /** SHA-256 (hex) of prevHash and the event's canonical form (audit-chain.ts). */
  readonly hash: string;
}

/** Longest purpose a caller may state. */
export const MAX_PURPOSE_LENGTH = 200;
