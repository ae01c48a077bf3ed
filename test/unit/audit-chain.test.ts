import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GENESIS_HASH, canonicalEvent, chainHash } from "../../src/audit/audit-chain.js";
import { auditEvent } from "../support/audit-events.js";

describe("audit chain", () => {
  it("canonical form: every field in a fixed order, at with milliseconds, arrays as arrays, nulls as null", () => {
    const event = { ...auditEvent({ traceId: null, mediaIds: ["m1"] }), seq: "42" };
    expect(JSON.parse(canonicalEvent(event))).toEqual([
      "42",
      "2025-06-01T12:00:00.123Z",
      "reports-service",
      null,
      "http",
      "SessionDocuments",
      "req-1",
      null,
      "0f6b2c3a-1111-4a4a-9c9c-000000000001",
      ["DocumentFieldValues.dateOfBirth", "DocumentFieldValues.fullName"],
      [],
      ["m1"],
      false,
      "KYC review",
      "ANSWERED",
    ]);
  });

  it("ignores key order and extra properties of the object (only the fixed fields count)", () => {
    const event = { ...auditEvent(), seq: "1" };
    const reordered = Object.fromEntries(Object.entries(event).reverse()) as typeof event;
    expect(canonicalEvent(reordered)).toBe(canonicalEvent(event));
    expect(canonicalEvent({ ...event, prevHash: "x", hash: "y" } as typeof event)).toBe(canonicalEvent(event));
  });

  it("hash = sha256_hex(prevHash + newline + canonical form); the genesis is 64 zeros", () => {
    const event = { ...auditEvent(), seq: "1" };
    expect(GENESIS_HASH).toBe("0".repeat(64));
    expect(chainHash(GENESIS_HASH, event)).toBe(createHash("sha256").update(`${GENESIS_HASH}\n${canonicalEvent(event)}`).digest("hex"));
    expect(chainHash("1".repeat(64), event)).not.toBe(chainHash(GENESIS_HASH, event));
  });

  it("every field changes the hash", () => {
    const base = { ...auditEvent(), seq: "7" };
    const edits: Partial<typeof base>[] = [
      { seq: "8" },
      { at: new Date(base.at.getTime() + 1) },
      { caller: "other" },
      { issuer: "https://issuer" },
      { transport: "websocket" },
      { operationName: null },
      { requestId: "req-2" },
      { traceId: "abc" },
      { sessionId: null },
      { coordinates: ["DocumentFieldValues.fullName"] },
      { refused: ["X.y"] },
      { mediaIds: ["m"] },
      { masked: true },
      { purpose: null },
      { outcome: "FORBIDDEN" },
    ];
    const hashes = new Set(edits.map((edit) => chainHash(GENESIS_HASH, { ...base, ...edit })));
    hashes.add(chainHash(GENESIS_HASH, base));
    expect(hashes.size).toBe(edits.length + 1);
  });
});
