import type { AuditEvent, AuditOutcome, AuditTransport } from "./audit-event.js";

/** An `audit_events` row as selected with EVENT_COLUMNS. */
export interface EventRow {
  readonly seq: string;
  readonly at: Date;
  readonly caller: string | null;
  readonly issuer: string | null;
  readonly transport: string;
  readonly operation_name: string | null;
  readonly request_id: string;
  readonly trace_id: string | null;
  readonly session_id: string | null;
  readonly coordinates: string[];
  readonly refused: string[];
  readonly media_ids: string[];
  readonly masked: boolean;
  readonly purpose: string | null;
  readonly outcome: string;
  readonly prev_hash: string;
  readonly hash: string;
}

/**
 * The select list every read uses (seq as text: a bigint, read the same by PGlite and `pg`).
 * Order by `audit_events.seq`, qualified: a bare `seq` would sort by this text alias ("99" > "100").
 */
export const EVENT_COLUMNS =
  "seq::text AS seq, at, caller, issuer, transport, operation_name, request_id, trace_id, session_id, coordinates, refused, media_ids, masked, purpose, outcome, prev_hash, hash";

/**
 * Inserts every row of a JSON array ($1) of EventRow-shaped objects in one statement: one
 * parameter, whatever the batch size.
 */
export const INSERT_EVENTS = `INSERT INTO audit_events (seq, at, caller, issuer, transport, operation_name, request_id, trace_id, session_id, coordinates, refused, media_ids, masked, purpose, outcome, prev_hash, hash)
SELECT seq, at, caller, issuer, transport, operation_name, request_id, trace_id, session_id, coordinates, refused, media_ids, masked, purpose, outcome, prev_hash, hash
FROM jsonb_to_recordset($1::jsonb) AS r(seq bigint, at timestamptz, caller text, issuer text, transport text, operation_name text, request_id text, trace_id text, session_id text,
  coordinates text[], refused text[], media_ids text[], masked boolean, purpose text, outcome text, prev_hash text, hash text)`;

/** A stored event as the store's callers see it. */
export function rowToEvent(row: EventRow): AuditEvent {
  return {
    seq: row.seq,
    at: row.at instanceof Date ? row.at : new Date(row.at),
    caller: row.caller,
    issuer: row.issuer,
    transport: row.transport as AuditTransport,
    operationName: row.operation_name,
    requestId: row.request_id,
    traceId: row.trace_id,
    sessionId: row.session_id,
    coordinates: row.coordinates,
    refused: row.refused,
    mediaIds: row.media_ids,
    masked: row.masked,
    purpose: row.purpose,
    outcome: row.outcome as AuditOutcome,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** An event as a row object for INSERT_EVENTS (`at` as ISO text, which timestamptz reads exactly). */
export function eventToRow(event: AuditEvent): Record<keyof EventRow, unknown> {
  return {
    seq: event.seq,
    at: event.at.toISOString(),
    caller: event.caller,
    issuer: event.issuer,
    transport: event.transport,
    operation_name: event.operationName,
    request_id: event.requestId,
    trace_id: event.traceId,
    session_id: event.sessionId,
    coordinates: event.coordinates,
    refused: event.refused,
    media_ids: event.mediaIds,
    masked: event.masked,
    purpose: event.purpose,
    outcome: event.outcome,
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}
