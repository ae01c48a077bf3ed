import type { DocumentNode } from "graphql";
import type { IncomingMessage } from "node:http";
import type { LimitsConfig } from "../../config/security-config.js";
import type { SessionUpdates } from "../../live/session-feed.js";
import type { SessionEvent } from "../../live/session-event.js";
import { createLoaders } from "../../loaders/loaders.js";
import { createRequestStats } from "../../loaders/request-stats.js";
import type { SessionCache } from "../../upstream/cache/session-cache.js";
import type { Caller, MediaUrls, ResolverContext } from "../../schema/resolver-context.js";
import type { YotiClient } from "../../upstream/yoti-client.js";
import type { RequestLocals } from "./request-locals.js";
import { eventContexts, type SubscriptionContext } from "./event-execution.js";
import { accessRecord, purposeHeader, type AuditOptions } from "./operation-access.js";

/** The transports an operation can arrive by; each carries its own kind of operation (transport-rule.ts). */
export type Transport = "http" | "websocket";

/** The GraphQL context: what resolvers need, plus what the server keeps per operation. Built fresh for every operation. */
export interface GatewayContext extends ResolverContext {
  readonly transport: Transport;
  readonly requestId: string;
  /** Aborts when the caller goes away before the answer is sent. */
  readonly signal: AbortSignal;
  /** The operation's record for its log line. */
  readonly locals: RequestLocals;
}

/** What Apollo resolved for a subscribe: the transport runs it as a stream. */
export interface PreparedSubscription {
  readonly document: DocumentNode;
  readonly operationName?: string;
  readonly variables?: Record<string, unknown>;
}

/** A graphql-ws subscribe on its way through Apollo's pipeline, and then the subscription's own context. */
export interface SocketOperationContext extends GatewayContext, SubscriptionContext {
  readonly transport: "websocket";
  /**
   * Filled by the subscription-start plugin once the operation was parsed, validated, checked and
   * priced. A slot object, not a field: Apollo runs plugins on a shallow copy of the context.
   */
  readonly slot: { prepared?: PreparedSubscription };
}

/** What building contexts needs besides the caller. */
export interface ContextOptions {
  readonly client: YotiClient;
  readonly limits: LimitsConfig;
  /** The absolute base of media URLs for this request (public URL, or the request's own origin in development). */
  readonly mediaBase: (req: IncomingMessage) => string;
  /** Signs a media link for `caller`, who stated `purpose`: a download is recorded as theirs. */
  readonly signMediaToken: (sessionId: string, mediaId: string, caller: Caller, purpose: string | null) => string;
  /** The session cache across requests, when GATEWAY_CACHE_TTL_SECONDS turns it on. */
  readonly sessionCache?: SessionCache;
  /** Counts an event sent to a subscriber. */
  readonly onEvent?: (event: SessionEvent) => void;
  /** The audit trail; absent when GATEWAY_AUDIT=off. */
  readonly audit?: AuditOptions;
}

/** Media URLs that count how many were minted: an answer holding one (signed, expiring, for this origin) is never kept whole. */
export interface CountedMediaUrls extends MediaUrls {
  readonly minted: number;
}

/** Media URLs for one request (or one WebSocket connection), their base built on the first Media.url only: most queries select none. */
function mediaUrlsFor(options: ContextOptions, req: IncomingMessage, caller: Caller, purpose: string | null): CountedMediaUrls {
  let base: string | undefined;
  let minted = 0;
  return {
    get minted() {
      return minted;
    },
    urlFor: (sessionId, mediaId) => {
      minted += 1;
      return (base ??= options.mediaBase(req)) + options.signMediaToken(sessionId, mediaId, caller, purpose);
    },
  };
}

/** An HTTP request's context: what the response cache reads after execution (the media URLs it minted). */
export interface HttpOperationContext extends GatewayContext {
  readonly transport: "http";
  readonly mediaUrls: CountedMediaUrls;
}

/** One HTTP request's context: its caller, and fresh loaders whose caches live exactly as long as the request. */
export function httpContext(options: ContextOptions, caller: Caller, req: IncomingMessage, locals: RequestLocals, signal: AbortSignal): HttpOperationContext {
  const { client, limits, sessionCache } = options;
  const stats = createRequestStats();
  locals.stats = stats;
  // A purpose over the limit was refused before execution (pipeline.ts).
  const access = accessRecord(options.audit, caller, "http", locals.requestId, purposeHeader(req) || undefined);
  return {
    transport: "http",
    requestId: locals.requestId,
    caller,
    stats,
    signal,
    locals,
    loaders: createLoaders(client, { stats, signal, maxSessions: limits.maxSessionsPerRequest, maxMedia: limits.maxMediaPerRequest, cache: sessionCache }),
    mediaUrls: mediaUrlsFor(options, req, caller, access.labels.purpose),
    access,
    auditTrail: options.audit?.store,
  };
}

/** What a WebSocket connection contributes to the contexts of its subscriptions. */
export interface SocketConnection {
  /** The upgrade request: media URLs of every event on the connection are built from it. */
  readonly request: IncomingMessage;
  readonly mediaUrls?: MediaUrls;
  /** Aborts when the connection's credential expires or the connection closes. */
  readonly revoked: AbortSignal;
  readonly feed: SessionUpdates;
}

/**
 * One subscribe's context: Apollo reads it while it parses, checks and prices the operation, and
 * the subscription keeps it, handing every event a fresh ResolverContext of its own. Its loaders
 * may fetch nothing: a subscription reads its session through the live feed only.
 */
export function socketContext(options: ContextOptions, caller: Caller, connection: SocketConnection, locals: RequestLocals): SocketOperationContext {
  const stats = createRequestStats();
  locals.stats = stats;
  const purpose = purposeHeader(connection.request) || undefined;
  const mediaUrls = connection.mediaUrls ?? mediaUrlsFor(options, connection.request, caller, purpose ?? caller.purpose ?? null);
  return {
    transport: "websocket",
    requestId: locals.requestId,
    caller,
    stats,
    signal: connection.revoked,
    locals,
    loaders: createLoaders(options.client, { stats, signal: connection.revoked, maxSessions: 0, maxMedia: 0 }),
    mediaUrls,
    feed: connection.feed,
    revoked: connection.revoked,
    slot: {},
    // Apollo's checks on the subscribe read no personal field; each event gets a record of its own.
    access: accessRecord(options.audit, caller, "websocket", locals.requestId, purpose),
    ...eventContexts({ client: options.client, mediaUrls, onEvent: options.onEvent, audit: options.audit, purpose, requestId: locals.requestId }, caller),
  };
}
