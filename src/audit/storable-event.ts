import type { AuditEventInput } from "./audit-event.js";

// Lone UTF-16 surrogates, which PostgreSQL's jsonb refuses.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function text(value: string): string {
  // NUL is the one character a PostgreSQL text value cannot hold.
  return value.replace(LONE_SURROGATE, "\ufffd").replaceAll("\u0000", "\ufffd");
}

function optional(value: string | null): string | null {
  return value === null ? null : text(value);
}

/**
 * The event as the store keeps (and hashes) it: every text made storable, so one caller's odd
 * string (a NUL in a JWT claim) cannot fail the shared transaction and everyone's appends with it.
 */
export function storableEvent(event: AuditEventInput): AuditEventInput {
  return {
    at: new Date(event.at.getTime()),
    caller: optional(event.caller),
    issuer: optional(event.issuer),
    transport: event.transport,
    operationName: optional(event.operationName),
    requestId: text(event.requestId),
    traceId: optional(event.traceId),
    sessionId: optional(event.sessionId),
    coordinates: event.coordinates.map(text),
    refused: event.refused.map(text),
    mediaIds: event.mediaIds.map(text),
    masked: event.masked,
    purpose: optional(event.purpose),
    outcome: event.outcome,
  };
}
