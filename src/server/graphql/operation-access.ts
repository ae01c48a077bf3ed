import { isSpanContextValid, trace } from "@opentelemetry/api";
import type { IncomingMessage } from "node:http";
import { AccessRecord, type PiiAccess } from "../../audit/access-record.js";
import { MAX_PURPOSE_LENGTH, type AuditEventInput, type AuditTransport } from "../../audit/audit-event.js";
import type { AuditStore } from "../../audit/audit-store.js";
import { Scope } from "../../config/security-config.js";
import { ErrorCode } from "../../errors/error-codes.js";
import type { Caller } from "../../schema/resolver-context.js";

/** What the pipeline needs of the audit trail; absent when GATEWAY_AUDIT=off. */
export interface AuditOptions {
  readonly store: AuditStore;
  /** GATEWAY_AUDIT_REQUIRE_PURPOSE: personal fields refuse with PURPOSE_REQUIRED when none was stated. */
  readonly requirePurpose: boolean;
}

/** What `caller`'s scopes give it of personal data: `pii:read` wins over `pii:masked`. */
export function piiAccess(caller: Caller): PiiAccess {
  if (caller.scopes.has(Scope.PII_READ)) return "full";
  return caller.scopes.has(Scope.PII_MASKED) ? "masked" : "none";
}

/** The purpose header's value, trimmed; undefined when absent or blank, `false` when over the limit (refused as bad input). */
export function purposeHeader(req: IncomingMessage): string | undefined | false {
  const raw = req.headers["x-access-purpose"];
  const value = (Array.isArray(raw) ? raw.join(", ") : raw)?.trim();
  if (!value) return undefined;
  return value.length > MAX_PURPOSE_LENGTH ? false : value;
}

/** The active trace's id, when tracing is on and a span is current. */
export function currentTraceId(): string | null {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? context.traceId : null;
}

/** The caller as an audit event names it: API key name or JWT subject, and the JWT issuer. */
export function auditCaller(caller: Caller): { caller: string; issuer: string | null } {
  return { caller: caller.name, issuer: caller.issuer ?? null };
}

/**
 * A fresh record of one operation's personal data. Personal fields refuse up front when the read
 * could not be audited (the store is down) or needs a purpose that was not stated.
 */
export function accessRecord(audit: AuditOptions | undefined, caller: Caller, transport: AuditTransport, requestId: string, statedPurpose: string | undefined): AccessRecord {
  const purpose = statedPurpose ?? caller.purpose ?? null;
  let refuseAll: ErrorCode.PURPOSE_REQUIRED | ErrorCode.AUDIT_UNAVAILABLE | undefined;
  if (audit?.requirePurpose && purpose === null) refuseAll = ErrorCode.PURPOSE_REQUIRED;
  else if (audit && !audit.store.available) refuseAll = ErrorCode.AUDIT_UNAVAILABLE;
  return new AccessRecord(piiAccess(caller), { ...auditCaller(caller), transport, requestId, traceId: currentTraceId(), purpose }, refuseAll);
}

/** What an event outside any operation's access record names; the rest defaults to nothing read, nothing masked. */
export type StandaloneEventFields = Pick<AuditEventInput, "caller" | "issuer" | "transport" | "requestId" | "sessionId" | "purpose" | "outcome"> &
  Partial<Pick<AuditEventInput, "at" | "operationName" | "refused" | "mediaIds">>;

/** An event that no access record builds (a media download, an export, a stranger's refusal), stamped now and with the current trace. */
export function standaloneEvent(fields: StandaloneEventFields): AuditEventInput {
  return { at: new Date(), operationName: null, traceId: currentTraceId(), coordinates: [], refused: [], mediaIds: [], masked: false, ...fields };
}
