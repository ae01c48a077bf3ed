import type { AuditCheckpoint } from "./audit-checkpoint.js";
import { AUDIT_TRANSPORTS, type AuditEvent, type AuditOutcome, type AuditTransport } from "./audit-event.js";

/**
 * The audit export format: JSON Lines, one event per line with camelCase keys in a fixed order
 * (`at` as ISO text), optionally after a header line `{"checkpoint":{"seq":...,"hash":...}}` that
 * names where the exported chain starts. The HTTP export route writes it; audit:verify reads it.
 */

const OUTCOMES: readonly AuditOutcome[] = ["ANSWERED", "FORBIDDEN", "UNAUTHENTICATED", "PURPOSE_REQUIRED"];

/** One event as one export line (no newline). */
export function exportLine(event: AuditEvent): string {
  return JSON.stringify({
    seq: event.seq,
    at: event.at.toISOString(),
    caller: event.caller,
    issuer: event.issuer,
    transport: event.transport,
    operationName: event.operationName,
    requestId: event.requestId,
    traceId: event.traceId,
    sessionId: event.sessionId,
    coordinates: event.coordinates,
    refused: event.refused,
    mediaIds: event.mediaIds,
    masked: event.masked,
    purpose: event.purpose,
    outcome: event.outcome,
    prevHash: event.prevHash,
    hash: event.hash,
  });
}

/** The optional first line of an export: where its chain starts. */
export function exportHeader(checkpoint: AuditCheckpoint): string {
  return JSON.stringify({ checkpoint: { seq: checkpoint.seq, hash: checkpoint.hash } });
}

/** One parsed export line: a header or an event. */
export type ExportRecord = { readonly kind: "header"; readonly checkpoint: AuditCheckpoint } | { readonly kind: "event"; readonly event: AuditEvent };

/** Thrown for a line that is not an export record; its message names the field, never a value. */
export class ExportLineError extends Error {
  override name = "ExportLineError";
}

const HEX64 = /^[0-9a-f]{64}$/;
const SEQ = /^\d{1,19}$/;

function field<T>(record: Record<string, unknown>, key: string, ok: (value: unknown) => boolean): T {
  if (!(key in record) || !ok(record[key])) throw new ExportLineError(`field ${key} is missing or malformed`);
  return record[key] as T;
}

const isString = (value: unknown) => typeof value === "string";
const isNullableString = (value: unknown) => value === null || typeof value === "string";
const isStrings = (value: unknown) => Array.isArray(value) && value.every(isString);

/** Parses one export line (header or event), checking every field's type; throws ExportLineError. */
export function parseExportLine(line: string): ExportRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ExportLineError("not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ExportLineError("not a JSON object");
  const record = value as Record<string, unknown>;
  if ("checkpoint" in record) {
    const checkpoint = field<Record<string, unknown>>(record, "checkpoint", (v) => typeof v === "object" && v !== null);
    return {
      kind: "header",
      checkpoint: { seq: field(checkpoint, "seq", (v) => isString(v) && SEQ.test(v as string)), hash: field(checkpoint, "hash", (v) => isString(v) && HEX64.test(v as string)) },
    };
  }
  const at = field<string>(record, "at", isString);
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== at) throw new ExportLineError("field at is missing or malformed");
  return {
    kind: "event",
    event: {
      seq: field(record, "seq", (v) => isString(v) && SEQ.test(v as string)),
      at: date,
      caller: field(record, "caller", isNullableString),
      issuer: field(record, "issuer", isNullableString),
      transport: field<AuditTransport>(record, "transport", (v) => AUDIT_TRANSPORTS.includes(v as AuditTransport)),
      operationName: field(record, "operationName", isNullableString),
      requestId: field(record, "requestId", isString),
      traceId: field(record, "traceId", isNullableString),
      sessionId: field(record, "sessionId", isNullableString),
      coordinates: field(record, "coordinates", isStrings),
      refused: field(record, "refused", isStrings),
      mediaIds: field(record, "mediaIds", isStrings),
      masked: field(record, "masked", (v) => typeof v === "boolean"),
      purpose: field(record, "purpose", isNullableString),
      outcome: field<AuditOutcome>(record, "outcome", (v) => OUTCOMES.includes(v as AuditOutcome)),
      prevHash: field(record, "prevHash", (v) => isString(v) && HEX64.test(v as string)),
      hash: field(record, "hash", (v) => isString(v) && HEX64.test(v as string)),
    },
  };
}
