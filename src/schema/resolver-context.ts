import type { AccessRecord } from "../audit/access-record.js";
import type { AuditStore } from "../audit/audit-store.js";
import type { Scope } from "../config/security-config.js";
import type { SessionUpdates } from "../live/session-feed.js";
import type { Loaders } from "../loaders/loaders.js";
import type { RequestStats } from "../loaders/request-stats.js";

/** Who is asking, as authentication established it. */
export interface Caller {
  /** API key name or JWT subject; "anonymous" when auth is off. Safe to log. */
  readonly name: string;
  readonly scopes: ReadonlySet<Scope>;
  /** When set, the only sessions this caller may read (JWT claim `idv_session_ids`), lower-case. */
  readonly sessionIds?: ReadonlySet<string>;
  /** When set (a JWT), the epoch milliseconds after which the credential is refused: long-lived streams end then. */
  readonly expiresAt?: number;
  /** A JWT's `iss` (audit events record it beside the subject). */
  readonly issuer?: string;
  /** A JWT's `purpose` claim: why this caller reads personal data (an X-Access-Purpose header overrides it). */
  readonly purpose?: string;
}

/** Mints the URL a browser can load a media from (implemented by the server, which also serves it). */
export interface MediaUrls {
  urlFor(sessionId: string, mediaId: string): string;
}

/**
 * What the graph's resolvers need from a request. The server builds it (and may add to it); the
 * schema declares it here so that it depends on nothing below it.
 */
export interface ResolverContext {
  readonly caller: Caller;
  readonly loaders: Loaders;
  readonly mediaUrls: MediaUrls;
  readonly stats: RequestStats;
  /** This operation's record of personal data read or refused: its audit events are built from it. */
  readonly access: AccessRecord;
  /** The audit trail, to read (`auditEvents`); absent when GATEWAY_AUDIT=off. */
  readonly auditTrail?: Pick<AuditStore, "list">;
}

/**
 * What the subscription root needs to start a stream: the caller (checked before anything is
 * fetched) and the live session updates. Each event is then resolved with a ResolverContext of its own.
 */
export interface LiveContext {
  readonly caller: Caller;
  readonly feed: SessionUpdates;
}
