import { createHash } from "node:crypto";
import type { AuditEventInput } from "./audit-event.js";

/** The prevHash of the first event ever written (and the checkpoint's hash before any retention). */
export const GENESIS_HASH = "0".repeat(64);

/** An event placed in the chain, before or without its hashes. */
export type ChainedFields = AuditEventInput & { readonly seq: string };

/**
 * The canonical form of an event: a JSON array of every field in a fixed order, `at` as an ISO
 * string with milliseconds, arrays as arrays, absent values as null. Fixed order (not object keys)
 * so no serializer's key order can change a hash.
 */
export function canonicalEvent(event: ChainedFields): string {
  return JSON.stringify([
    event.seq,
    event.at.toISOString(),
    event.caller,
    event.issuer,
    event.transport,
    event.operationName,
    event.requestId,
    event.traceId,
    event.sessionId,
    [...event.coordinates],
    [...event.refused],
    [...event.mediaIds],
    event.masked,
    event.purpose,
    event.outcome,
  ]);
}

/** sha256_hex(prevHash + "\n" + canonical form): the hash that binds an event to the one before it. */
export function chainHash(prevHash: string, event: ChainedFields): string {
  return createHash("sha256").update(prevHash).update("\n").update(canonicalEvent(event)).digest("hex");
}
