import { GENESIS_HASH, chainHash } from "./audit-chain.js";
import type { VerifiableStore } from "./audit-checkpoint.js";
import type { AuditEvent } from "./audit-event.js";
import { ExportLineError, parseExportLine } from "./export-line.js";

/** The outcome of checking a chain: every event fits, or the first one that does not (by seq, with why). */
export type VerifyResult =
  | { readonly ok: true; readonly count: number; readonly firstSeq: string | null; readonly lastSeq: string | null }
  | { readonly ok: false; readonly seq: string | null; readonly reason: string };

/** Where a checked chain starts: the hash the first event must follow, and optionally the seq it must exceed. */
export interface ChainStart {
  readonly prevHash: string;
  readonly seq?: string;
}

/**
 * Checks events in chain order from `start`: each must follow the one before it (prevHash), hash
 * to its stored hash, and have a larger seq. Stops at the first that does not. Reasons name seqs
 * and fields, never values.
 */
export async function verifyEvents(events: AsyncIterable<AuditEvent> | Iterable<AuditEvent>, start: ChainStart): Promise<VerifyResult> {
  let prevHash = start.prevHash;
  let prevSeq = start.seq === undefined ? -1n : BigInt(start.seq);
  let count = 0;
  let firstSeq: string | null = null;
  for await (const event of events) {
    const seq = BigInt(event.seq);
    if (seq <= prevSeq) return { ok: false, seq: event.seq, reason: `seq does not increase (after seq ${prevSeq})` };
    if (event.prevHash !== prevHash) {
      return { ok: false, seq: event.seq, reason: count === 0 ? "prevHash does not match the chain's start" : `prevHash does not match the hash of seq ${prevSeq}` };
    }
    if (chainHash(prevHash, event) !== event.hash) return { ok: false, seq: event.seq, reason: "hash does not match the event's contents" };
    prevHash = event.hash;
    prevSeq = seq;
    firstSeq ??= event.seq;
    count++;
  }
  return { ok: true, count, firstSeq, lastSeq: count === 0 ? null : prevSeq.toString() };
}

/** Checks a whole store: from its checkpoint, every event it holds, oldest first. */
export async function verifyStore(store: VerifiableStore): Promise<VerifyResult> {
  const checkpoint = await store.checkpoint();
  return verifyEvents(store.stream({}), { prevHash: checkpoint.hash, seq: checkpoint.seq });
}

/** How an export's chain start was established: a header checkpoint, the genesis, or trusted from its first event. */
export type ExportStart = "checkpoint" | "genesis" | "first-event";

/** An export's check: the chain's result, how its start was found, and the line that failed, if any. */
export type ExportVerifyResult = VerifyResult & { readonly start: ExportStart; readonly line?: number };

/**
 * Checks an export (JSON Lines, as exportLine writes them, optionally after a checkpoint header).
 * Without a header, an export whose first event follows the genesis hash is checked from the
 * genesis; otherwise (an export from mid-chain) the first event's prevHash is trusted as the start
 * and the result says so (`start: "first-event"`).
 */
export async function verifyExportLines(lines: AsyncIterable<string> | Iterable<string>): Promise<ExportVerifyResult> {
  let lineNo = 0;
  let start: ExportStart | undefined;
  let chainStart: ChainStart | undefined;
  let badLine: { line: number; reason: string } | undefined;

  async function* events(): AsyncIterable<AuditEvent> {
    for await (const raw of lines) {
      lineNo++;
      const line = raw.trim();
      if (line === "") continue;
      let record;
      try {
        record = parseExportLine(line);
      } catch (error) {
        if (!(error instanceof ExportLineError)) throw error;
        badLine = { line: lineNo, reason: `line ${lineNo}: ${error.message}` };
        return;
      }
      if (record.kind === "header") {
        if (start !== undefined) {
          badLine = { line: lineNo, reason: `line ${lineNo}: a checkpoint header may only be the first line` };
          return;
        }
        start = "checkpoint";
        chainStart = { prevHash: record.checkpoint.hash, seq: record.checkpoint.seq };
        continue;
      }
      yield record.event;
    }
  }

  // The start is known only once the first line is read: peek it, then check the rest from there.
  const iterator = events()[Symbol.asyncIterator]();
  let first = await iterator.next();
  const peeked: AuditEvent[] = [];
  if (!first.done) {
    peeked.push(first.value);
    if (start === undefined) {
      start = first.value.prevHash === GENESIS_HASH ? "genesis" : "first-event";
      chainStart = { prevHash: first.value.prevHash };
    }
  }
  const resolvedStart: ExportStart = start ?? "genesis";
  async function* all(): AsyncIterable<AuditEvent> {
    yield* peeked;
    for (;;) {
      first = await iterator.next();
      if (first.done) return;
      yield first.value;
    }
  }
  const result = await verifyEvents(all(), chainStart ?? { prevHash: GENESIS_HASH });
  if (!result.ok) return { ...result, start: resolvedStart, line: lineNo };
  if (badLine) return { ok: false, seq: null, reason: badLine.reason, start: resolvedStart, line: badLine.line };
  return { ...result, start: resolvedStart };
}
