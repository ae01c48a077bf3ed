import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { MediaUrlConfig } from "../config/config.js";
import type { LiveConfig } from "../config/live-config.js";
import type { SessionCacheConfig } from "../config/session-cache-config.js";
import { SessionCache } from "../loaders/session-cache.js";
import { startLiveSessions, type LiveSessions } from "../live/live-sessions.js";
import type { AuthConfig, LimitsConfig } from "../config/security-config.js";
import type { TrustedDocumentList } from "../config/trusted-documents-file.js";
import { buildGatewaySchema } from "../schema/build-schema.js";
import type { YotiClient } from "../upstream/yoti-client.js";
import { createAuthenticator } from "./graphql/authenticate.js";
import { createPipeline } from "./graphql/pipeline.js";
import { Drain } from "./drain.js";
import { createHttpApp } from "./http-app.js";
import { mediaBaseFor } from "./media-base.js";
import { createMediaTokens } from "./media-token.js";
import type { GatewayMetrics } from "./observability/metrics.js";
import { requestLogPlugin } from "./observability/request-log.js";
import { createTrustedDocuments } from "./graphql/trusted-documents.js";
import { TRACING_OFF, type Tracing } from "./observability/tracing.js";
import { createSubscriptionServer } from "./websocket/subscription-server.js";
import { SNAPSHOT_TOPIC } from "../live/session-event.js";
import { topicLabel } from "../live/notification.js";
import { webhookRoute } from "./webhook-route.js";

/** How long in-flight requests get to finish once the port is closed, before their connections are cut. */
const DRAIN_TIMEOUT_MS = 25_000;

/**
 * Node's server timeouts, set deliberately: headers within 10 s and the whole request within 30 s
 * (a client that dribbles its request is dropped, not held for 5 minutes). Node enforces the first
 * two only when it sweeps its connections, every 30 s by default, which let a slow client stay
 * 35 s; a sweep every second keeps each limit within a second.
 */
const SERVER_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 } as const;

/** What the gateway needs to run. */
export interface GatewayOptions {
  readonly client: YotiClient;
  readonly media: MediaUrlConfig;
  readonly auth: AuthConfig;
  readonly limits: LimitsConfig;
  readonly introspection: boolean;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly port: number;
  readonly host: string;
  /** After close() starts, readiness answers 503 this long while the port stays open. */
  readonly shutdownGraceMs: number;
  /** How long a media body may sit idle upstream while its reader waits (the per-attempt timeout). */
  readonly mediaIdleMs: number;
  readonly metricsTokenSha256?: Buffer;
  /** Only these documents run, by id or exact text (GATEWAY_TRUSTED_DOCUMENTS_FILE); any document when absent. */
  readonly trustedDocuments?: TrustedDocumentList;
  /** Serve the schema as an Apollo Federation 2 subgraph (GATEWAY_FEDERATION=true). */
  readonly federation?: boolean;
  /** OpenTelemetry spans (the same instance whose `upstream` observer the client reports to); off when absent. */
  readonly tracing?: Tracing;
  /** Notifications in (webhook or polling), subscriptions out, fan-out through Redis. */
  readonly live: LiveConfig;
  /** Finished sessions and JSON media kept across requests; off when absent or its TTL is 0. */
  readonly sessionCache?: SessionCacheConfig;
  /** Overrides the WebSocket keep-alive ping interval (tests). */
  readonly keepAliveMs?: number;
}

/** A running gateway. */
export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/ */
  readonly url: string;
  readonly server: Server;
  /** The live-session layer: its bus (with the before-deliver hook) and feed. */
  readonly live: LiveSessions;
  /**
   * Stops without losing a request: readiness fails for the grace period while everything is still
   * served (each answer closing its connection), then the port closes, idle connections close,
   * in-flight requests finish, and Apollo stops.
   */
  close(): Promise<void>;
}

/**
 * The session cache, when on: every notification this replica delivers (webhook here, Redis from
 * another replica, a change the poller found) evicts its session before any subscriber hears of it,
 * and a Redis reconnection drops everything, since notifications may have been missed meanwhile.
 */
function startSessionCache(options: GatewayOptions, live: LiveSessions): SessionCache | undefined {
  const config = options.sessionCache;
  if (!config || config.ttlSeconds === 0) return undefined;
  const cache = new SessionCache(options.client, { ttlSeconds: config.ttlSeconds, maxBytes: config.maxBytes, observer: options.metrics.sessionCache });
  live.bus.onBeforeDeliver((n) => cache.evict(n.sessionId));
  live.bus.onResync(() => cache.clear());
  return cache;
}

/** Builds the schema, starts Apollo and listens. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  // Loaded only when on: Apollo's federation packages add about 4 MB of RSS to a process that never uses them.
  const schema = options.federation
    ? await (await import("../schema/build-subgraph-schema.js")).buildGatewaySubgraphSchema()
    : await buildGatewaySchema();
  const tracing = options.tracing ?? TRACING_OFF;
  const server = createServer(SERVER_TIMEOUTS);
  const drain = new Drain();
  const tokens = createMediaTokens(options.media.secret, options.media.ttlSeconds);
  const mediaBase = mediaBaseFor(options.media.publicUrl);
  // The live feed reads the client itself, never the cache: each change must be read afresh.
  const live = startLiveSessions({ client: options.client, config: options.live, maxMedia: options.limits.maxMediaPerRequest, logger: options.logger, observer: options.metrics.live });
  const sessionCache = startSessionCache(options, live);
  const pipeline = createPipeline({
    schema,
    limits: options.limits,
    introspection: options.introspection,
    authenticate: await createAuthenticator(options.auth),
    // One rule for every transport that accepts documents.
    trustedDocuments: options.trustedDocuments && createTrustedDocuments(options.trustedDocuments),
    plugins: [requestLogPlugin(options.metrics), ...tracing.plugins],
    context: {
      client: options.client,
      limits: options.limits,
      mediaBase,
      signMediaToken: (sessionId, mediaId) => tokens.sign({ sessionId, mediaId }),
      sessionCache,
      onEvent: (event) => options.metrics.liveEvent(event.topic === SNAPSHOT_TOPIC || event.topic === "session_update" ? event.topic : topicLabel(event.topic)),
    },
  });
  await pipeline.start();
  const subscriptions = createSubscriptionServer({
    pipeline,
    live: live.feed,
    limits: options.limits,
    liveLimits: options.live,
    publicUrl: options.media.publicUrl,
    drain,
    logger: options.logger,
    metrics: options.metrics,
    keepAliveMs: options.keepAliveMs,
  });
  const app = createHttpApp(pipeline, {
    client: options.client,
    limits: options.limits,
    webhook: webhookRoute({ auth: options.live.webhook, bus: live.bus, metrics: options.metrics, logger: options.logger }),
    tokens,
    logger: options.logger,
    metrics: options.metrics,
    drain,
    metricsTokenSha256: options.metricsTokenSha256,
    mediaIdleMs: options.mediaIdleMs,
    isReady: () => drain.phase === "serving",
    tracing,
  });
  server.on("request", app);
  server.on("upgrade", subscriptions.handleUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;

  let closing: Promise<void> | undefined;
  const stop = async () => {
    drain.phase = "draining";
    if (options.shutdownGraceMs > 0) await new Promise((r) => setTimeout(r, options.shutdownGraceMs));
    drain.phase = "closed";
    // WebSocket clients are told to go (1001) when the port closes: they reconnect to a replica
    // that is serving and resubscribe, their first event being the state they may have missed.
    await subscriptions.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (!(await drain.idle(DRAIN_TIMEOUT_MS))) {
      options.logger.warn({ inFlight: drain.active }, "requests still running after the drain timeout: closing their connections");
    }
    server.closeAllConnections();
    await closed;
    await pipeline.stop();
    await live.close();
  };
  return {
    url: `http://${host}:${port}/`,
    server,
    live,
    close: () => (closing ??= stop()),
  };
}
