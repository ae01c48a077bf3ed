/**
 * Advisory lock keys the audit store takes (arbitrary constants, fixed forever: every replica and
 * version must agree on them). Held per transaction, so a crashed holder frees them.
 */
/** Held while migrations are checked and applied: replicas starting at once apply each exactly once. */
export const MIGRATION_LOCK = "7301944120001";
/** Held by every append and by retention: one writer extends the chain at a time. */
export const CHAIN_LOCK = "7301944120002";
