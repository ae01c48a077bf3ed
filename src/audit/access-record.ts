import { ErrorCode } from "../errors/error-codes.js";
import type { AuditEventInput, AuditOutcome, AuditTransport } from "./audit-event.js";

/** What a caller's scopes give it of personal data: everything (`pii:read`), masked values (`pii:masked` alone), or none. */
export type PiiAccess = "full" | "masked" | "none";

/** A path in the answer, from its root: where a personal value sits. */
export type AnswerPath = readonly (string | number)[];

/** graphql-js's own `info.path` (a linked list from the leaf): kept as it is, flattened only when an answer must be edited. */
export interface LinkedPath {
  readonly prev: LinkedPath | undefined;
  readonly key: string | number;
}

/** A path as a list from the root. */
function flatten(path: AnswerPath | LinkedPath): AnswerPath {
  if (Array.isArray(path)) return path;
  const keys: (string | number)[] = [];
  for (let p: LinkedPath | undefined = path as LinkedPath; p; p = p.prev) keys.push(p.key);
  return keys.reverse();
}

/** What one session contributed to one answer. */
export interface SessionAccess {
  readonly sessionId: string | null;
  readonly coordinates: ReadonlySet<string>;
  readonly refused: Map<string, ErrorCode>;
  readonly mediaIds: ReadonlySet<string>;
  masked: boolean;
}

interface MutableSessionAccess extends SessionAccess {
  readonly coordinates: Set<string>;
  readonly mediaIds: Set<string>;
}

/** Who asked, and the request's labels an event carries. */
export interface AccessLabels {
  readonly caller: string | null;
  readonly issuer: string | null;
  readonly transport: AuditTransport;
  readonly requestId: string;
  readonly traceId: string | null;
  readonly purpose: string | null;
}

/** Refusal codes an event can carry, most telling first: the event's outcome is the first one present. */
const OUTCOME_ORDER: readonly AuditOutcome[] = ["UNAUTHENTICATED", "PURPOSE_REQUIRED", "FORBIDDEN"];

/**
 * One operation's record of personal data: every personal value the answer carries (by schema
 * coordinate and path), every media link issued, every refusal, per session. The schema's
 * personal-data fields write to it as they resolve; the pipeline turns it into one audit event per
 * session and makes them durable before the answer leaves (or nulls `paths` when it cannot).
 */
export class AccessRecord {
  private readonly bySession = new Map<string | null, MutableSessionAccess>();
  private readonly personalPaths: (AnswerPath | LinkedPath)[] = [];

  /**
   * @param access what the caller's scopes give it
   * @param refuseAll set when no personal value may resolve at all in this operation (no purpose
   * where one is required, or the store known down): every personal field then refuses with it.
   */
  constructor(
    readonly access: PiiAccess,
    readonly labels: AccessLabels,
    private readonly refuseAll?: ErrorCode.PURPOSE_REQUIRED | ErrorCode.AUDIT_UNAVAILABLE,
  ) {}

  /** The code a personal field must refuse with before it resolves anything, or undefined to go on. */
  gate(): ErrorCode | undefined {
    if (this.access === "none") return ErrorCode.FORBIDDEN;
    return this.refuseAll;
  }

  /** The code every personal field refuses with in this operation whatever the caller's scopes (no purpose, store down), or undefined. */
  get withheld(): ErrorCode | undefined {
    return this.refuseAll;
  }

  /** A personal value (non-null) left in the answer at `path`; `masked` when it was masked for this caller. */
  read(sessionId: string | null, coordinate: string, path: AnswerPath | LinkedPath, masked = false): void {
    const entry = this.entry(sessionId);
    entry.coordinates.add(coordinate);
    if (masked) entry.masked = true;
    this.personalPaths.push(path);
  }

  /** A media link issued (or its bytes served) for this session. */
  media(sessionId: string, mediaId: string, coordinate: string, path: AnswerPath | LinkedPath): void {
    const entry = this.entry(sessionId);
    entry.mediaIds.add(mediaId);
    entry.coordinates.add(coordinate);
    this.personalPaths.push(path);
  }

  /** A personal field refused with `code` (FORBIDDEN, PURPOSE_REQUIRED, UNAUTHENTICATED). */
  refused(sessionId: string | null, coordinate: string, code: ErrorCode): void {
    const entry = this.entry(sessionId);
    if (!entry.refused.has(coordinate)) entry.refused.set(coordinate, code);
  }

  /** Records what a kept answer carried (the response cache's hit): this caller's events say the same. */
  replay(accessed: Iterable<SessionAccess>): void {
    for (const kept of accessed) {
      const entry = this.entry(kept.sessionId);
      for (const coordinate of kept.coordinates) entry.coordinates.add(coordinate);
      for (const mediaId of kept.mediaIds) entry.mediaIds.add(mediaId);
      for (const [coordinate, code] of kept.refused) if (!entry.refused.has(coordinate)) entry.refused.set(coordinate, code);
      if (kept.masked) entry.masked = true;
    }
  }

  /** Where the answer holds personal values: nulled when their events cannot be made durable. */
  get paths(): readonly AnswerPath[] {
    return this.personalPaths.map(flatten);
  }

  /** True when nothing personal was read or refused: no event to write. */
  get empty(): boolean {
    return this.bySession.size === 0;
  }

  /** The sessions touched, in the order first touched. */
  get sessions(): Iterable<SessionAccess> {
    return this.bySession.values();
  }

  /** One event per session touched, stamped `at`, for an operation named `operationName` (`transport` when it turned out more specific, e.g. `_entities`). */
  events(at: Date, operationName: string | null, transport: AuditTransport = this.labels.transport): AuditEventInput[] {
    const events: AuditEventInput[] = [];
    for (const entry of this.bySession.values()) {
      const refusedCodes = new Set(entry.refused.values());
      const outcome: AuditOutcome = entry.coordinates.size > 0 ? "ANSWERED" : (OUTCOME_ORDER.find((code) => refusedCodes.has(code as ErrorCode)) ?? "FORBIDDEN");
      events.push({
        at,
        caller: this.labels.caller,
        issuer: this.labels.issuer,
        transport,
        operationName,
        requestId: this.labels.requestId,
        traceId: this.labels.traceId,
        sessionId: entry.sessionId,
        coordinates: [...entry.coordinates].sort(),
        refused: [...entry.refused.keys()].sort(),
        mediaIds: [...entry.mediaIds].sort(),
        masked: entry.masked,
        purpose: this.labels.purpose,
        outcome,
      });
    }
    return events;
  }

  private entry(sessionId: string | null): MutableSessionAccess {
    let entry = this.bySession.get(sessionId);
    if (!entry) {
      entry = { sessionId, coordinates: new Set(), refused: new Map(), mediaIds: new Set(), masked: false };
      this.bySession.set(sessionId, entry);
    }
    return entry;
  }
}
