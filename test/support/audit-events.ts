import type { AuditEventInput } from "../../src/audit/audit-event.js";

/** A plausible audit event for tests (no personal values: coordinates and ids only), overridable field by field. */
export function auditEvent(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    at: new Date("2025-06-01T12:00:00.123Z"),
    caller: "reports-service",
    issuer: null,
    transport: "http",
    operationName: "SessionDocuments",
    requestId: "req-1",
    traceId: null,
    sessionId: "0f6b2c3a-1111-4a4a-9c9c-000000000001",
    coordinates: ["DocumentFieldValues.dateOfBirth", "DocumentFieldValues.fullName"],
    refused: [],
    mediaIds: [],
    masked: false,
    purpose: "KYC review",
    outcome: "ANSWERED",
    ...overrides,
  };
}
