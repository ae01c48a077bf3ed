import type { IncomingMessage } from "node:http";
import type { LimitsConfig } from "../config/security-config.js";
import { createLoaders } from "../loaders/loaders.js";
import { createRequestStats } from "../loaders/request-stats.js";
import type { SessionCache } from "../loaders/session-cache.js";
import type { Caller, ResolverContext } from "../schema/context.js";
import type { YotiClient } from "../upstream/yoti-client.js";
import type { Authenticator } from "./auth/authenticate.js";
import type { RequestLocals } from "./observability/request-log.js";

/** The GraphQL context: what resolvers need, plus what the server keeps per request. Built fresh for every request. */
export interface GatewayContext extends ResolverContext {
  readonly requestId: string;
  /** Aborts when the caller goes away before the answer is sent. */
  readonly signal: AbortSignal;
  /** The request's record for its log line. */
  readonly locals: RequestLocals;
}

/** What building a context needs besides the request. */
export interface ContextOptions {
  readonly client: YotiClient;
  readonly limits: LimitsConfig;
  readonly authenticate: Authenticator;
  /** The absolute base of media URLs for this request (public URL, or the request's own origin in development). */
  readonly mediaBase: (req: IncomingMessage) => string;
  readonly signMediaToken: (sessionId: string, mediaId: string) => string;
  /** The session cache across requests, when SESSION_CACHE_TTL_SECONDS turns it on. */
  readonly sessionCache?: SessionCache;
}

/** Thrown when the caller could not be authenticated; the route answers 401. */
export class UnauthenticatedCaller extends Error {
  override readonly name = "UnauthenticatedCaller";
}

/** Returns the context factory: authenticate, then fresh loaders whose caches live exactly as long as the request. */
export function contextFactory(options: ContextOptions) {
  const { client, limits, authenticate, mediaBase, signMediaToken, sessionCache } = options;
  return async (req: IncomingMessage, locals: RequestLocals, signal: AbortSignal): Promise<GatewayContext> => {
    let caller: Caller;
    try {
      caller = await authenticate(req.headers.authorization);
    } catch {
      throw new UnauthenticatedCaller();
    }
    const stats = createRequestStats();
    locals.stats = stats;
    // Built on the first Media.url only: most queries select none.
    let base: string | undefined;
    return {
      requestId: locals.requestId,
      caller,
      stats,
      signal,
      locals,
      loaders: createLoaders(client, { stats, signal, maxSessions: limits.maxSessionsPerRequest, maxMedia: limits.maxMediaPerRequest, cache: sessionCache }),
      mediaUrls: { urlFor: (sessionId, mediaId) => (base ??= mediaBase(req)) + signMediaToken(sessionId, mediaId) },
    };
  };
}
