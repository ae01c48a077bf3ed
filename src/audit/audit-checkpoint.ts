import type { AuditEvent } from "./audit-event.js";

/** Where the stored chain starts: the last event retention removed (seq "0" and the genesis hash before any). */
export interface AuditCheckpoint {
  readonly seq: string;
  readonly hash: string;
}

/** A store whose whole chain can be checked: its start, then every event oldest first. */
export interface VerifiableStore {
  checkpoint(): Promise<AuditCheckpoint>;
  stream(range: { readonly from?: Date; readonly to?: Date }): AsyncIterable<AuditEvent>;
}
