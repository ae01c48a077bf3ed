import { GENESIS_HASH, chainHash } from "../../src/audit/audit-chain.js";
import type { AuditEvent } from "../../src/audit/audit-event.js";
import { auditEvent } from "./audit-events.js";

/** A chain of `n` events after `prevHash` (the genesis unless given), seqs from `firstSeq`, built as the store builds it. */
export function chain(n: number, prevHash = GENESIS_HASH, firstSeq = 1): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < n; i++) {
    const placed = { ...auditEvent({ requestId: `r${i}`, at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)) }), seq: String(firstSeq + i) };
    const hash = chainHash(prevHash, placed);
    events.push({ ...placed, prevHash, hash });
    prevHash = hash;
  }
  return events;
}
