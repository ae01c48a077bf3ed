import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import { SessionCache } from "../upstream/cache/session-cache.js";
import { startLiveSessions, type LiveSessions } from "../live/live-sessions.js";
import { buildGatewaySchema } from "../schema/build-schema.js";
import type { YotiClient } from "../upstream/yoti-client.js";
import { createAuthenticator } from "./graphql/authenticate.js";
import { createPipeline } from "./graphql/pipeline.js";
import { ResponseCache } from "./graphql/response-cache.js";
import { Drain } from "./drain.js";
import { createHttpApp } from "./http/http-app.js";
import { mediaBaseFor } from "./http/media-base.js";
import { createMediaTokens } from "./http/media-token.js";
import type { GatewayMetrics } from "./observability/metrics.js";
import { requestLogPlugin } from "./observability/request-log.js";
import { createTrustedDocuments } from "./graphql/trusted-documents.js";
import { TRACING_OFF, type Tracing } from "./observability/tracing.js";
import { createSubscriptionServer } from "./websocket/subscription-server.js";
import { SNAPSHOT_TOPIC } from "../live/session-event.js";
import { SESSION_UPDATE_TOPIC } from "../live/session-change.js";
import { topicLabel } from "../live/notification.js";
import { webhookRoute } from "./http/webhook-route.js";
import { auditPlugin } from "./graphql/audit-plugin.js";
import type { AuditOptions } from "./graphql/operation-access.js";
import { auditExportRoute } from "./http/audit-export-route.js";
import { downloadRecorder } from "./http/download-record.js";
import { exportHeader, exportLine } from "../audit/export-line.js";
import { personalFields } from "../schema/personal-data.js";
import { unauthenticatedRecorder } from "./graphql/unauthenticated-attempt.js";
import { frontDoor, type DemoSession } from "./http/front-door.js";
import { countedAuditStore } from "./observability/counted-audit-store.js";

/** How long in-flight requests get to finish once the port is closed, before their connections are cut. */
const DRAIN_TIMEOUT_MS = 25_000;

/**
 * Node's server timeouts, set deliberately: headers within 10 s and the whole request within 30 s
 * (a client that dribbles its request is dropped, not held for 5 minutes). Node enforces the first
 * two only when it sweeps its connections, every 30 s by default, which let a slow client stay
 * 35 s; a sweep every second keeps each limit within a second.
 */
const SERVER_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 } as const;

/** The configuration sections the gateway runs on (the embedded emulator's and tracing's are main's). */
export type GatewayConfig = Pick<Config, "server" | "upstream" | "auth" | "limits" | "media" | "live" | "cache">;

/** What the gateway needs to run: its configuration, the upstream client, and where to report. */
export interface GatewayOptions {
  readonly config: GatewayConfig;
  readonly client: YotiClient;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** OpenTelemetry spans (the same instance whose `upstream` observer the client reports to); off when absent. */
  readonly tracing?: Tracing;
  /** Overrides the WebSocket keep-alive ping interval (tests). */
  readonly keepAliveMs?: number;
  /** The audit trail (its store opened by the caller, which also closes it); off when absent (GATEWAY_AUDIT=off). */
  readonly audit?: AuditOptions;
  /** The embedded emulator's demo sessions, listed by `GET /` (main.ts passes them; the gateway knows no emulator). */
  readonly demoSessions?: readonly DemoSession[];
}

/** A running gateway. */
export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/ */
  readonly url: string;
  readonly server: Server;
  /** The live-session layer: its bus, feed and poller. */
  readonly liveSessions: LiveSessions;
  /**
   * Stops without losing a request: readiness fails for the grace period while everything is still
   * served (each answer closing its connection), then the port closes, idle connections close,
   * in-flight requests finish, and Apollo stops.
   */
  close(): Promise<void>;
}

/**
 * The caches across requests, each when on: every change this replica hears of (a webhook here,
 * Redis from another replica, the poller), repeats included, evicts its session from both before
 * any subscriber hears of it, and a Redis reconnection drops everything, since changes may have
 * been missed meanwhile. A kept answer also leaves when the session cache drops a body it read.
 */
function startCaches({ config, client, metrics }: GatewayOptions, liveSessions: LiveSessions): { sessions?: SessionCache; responses?: ResponseCache } {
  const { bus } = liveSessions;
  const { ttlSeconds, maxBytes, responseTtlSeconds, responseMaxBytes } = config.cache;
  const responses = responseTtlSeconds > 0 ? new ResponseCache({ ttlSeconds: responseTtlSeconds, maxBytes: responseMaxBytes, observer: metrics.responseCache }) : undefined;
  if (responses) {
    bus.onBeforeDeliver((change) => responses.evict(change.sessionId));
    bus.onResync(() => responses.clear());
  }
  if (ttlSeconds === 0) return { responses };
  const sessions = new SessionCache(client, {
    ttlSeconds,
    maxBytes,
    observer: metrics.sessionCache,
    onDropped: responses && ((sessionId) => responses.evict(sessionId, "session_cache")),
  });
  bus.onBeforeDeliver((change) => sessions.evict(change.sessionId));
  bus.onResync(() => sessions.clear());
  return { sessions, responses };
}

/** Whether a schema coordinate is declared personal data (the schema's classes are loaded by then). */
function personalCoordinates(): (coordinate: string) => boolean {
  const coordinates = new Set(personalFields().map((field) => field.coordinate));
  return (coordinate) => coordinates.has(coordinate);
}

/** Builds the schema, starts the pipeline and listens. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, client, logger, metrics } = options;
  const audit = options.audit && { ...options.audit, store: countedAuditStore(options.audit.store, metrics.audit) };
  // Loaded only when on: Apollo's federation packages add about 4 MB of RSS to a process that never uses them.
  const schema = config.server.federation
    ? await (await import("../schema/build-subgraph-schema.js")).buildGatewaySubgraphSchema()
    : await buildGatewaySchema();
  const tracing = options.tracing ?? TRACING_OFF;
  const server = createServer(SERVER_TIMEOUTS);
  const drain = new Drain();
  const tokens = createMediaTokens(config.media.secret, config.media.ttlSeconds);
  // The live feed reads the client itself, never the cache: each change must be read afresh.
  const liveSessions = startLiveSessions({ client, config: config.live, maxMedia: config.limits.maxMediaPerRequest, logger, observer: metrics.live });
  const caches = startCaches(options, liveSessions);
  const authenticate = await createAuthenticator(config.auth);
  // Known once the port is bound (port 0 picks one); the front door is only read after that.
  let listeningUrl = config.media.publicUrl ?? `http://localhost:${config.server.port}/`;
  const door = frontDoor({ sandbox: config.server.introspection, demoSessions: options.demoSessions, url: () => listeningUrl });
  const pipeline = createPipeline({
    schema,
    limits: config.limits,
    introspection: config.server.introspection,
    landingFallback: () => door.html(),
    authenticate,
    // One rule for every transport that accepts documents.
    trustedDocuments: config.server.trustedDocuments && createTrustedDocuments(config.server.trustedDocuments),
    // The audit step first: its write overlaps the other plugins' work.
    plugins: [...(audit ? [auditPlugin(audit)] : []), requestLogPlugin(metrics), ...tracing.plugins],
    context: {
      client,
      limits: config.limits,
      mediaBase: mediaBaseFor(config.media.publicUrl),
      signMediaToken: (sessionId, mediaId, caller, purpose) => tokens.sign({ sessionId, mediaId, caller: caller.name, issuer: caller.issuer ?? null, purpose }),
      sessionCache: caches.sessions,
      onEvent: (event) => metrics.liveEvent(event.topic === SNAPSHOT_TOPIC || event.topic === SESSION_UPDATE_TOPIC ? event.topic : topicLabel(event.topic)),
      audit,
    },
    responses: caches.responses,
    recordUnauthenticated: audit && unauthenticatedRecorder(schema, audit.store, personalCoordinates(), metrics.audit.dropped),
  });
  await pipeline.start();
  const subscriptions = createSubscriptionServer({
    pipeline,
    feed: liveSessions.feed,
    limits: config.limits,
    liveLimits: config.live,
    publicUrl: config.media.publicUrl,
    drain,
    logger,
    metrics,
    keepAliveMs: options.keepAliveMs,
  });
  const app = createHttpApp(pipeline, {
    client,
    limits: config.limits,
    webhook: webhookRoute({ auth: config.live.webhook, bus: liveSessions.bus, metrics, logger }),
    tokens,
    logger,
    metrics,
    drain,
    metricsTokenSha256: config.server.metrics.tokenSha256,
    // A media body may sit idle upstream as long as one attempt may take.
    mediaIdleMs: config.upstream.tuning.timeoutMs,
    isReady: () => drain.phase === "serving",
    tracing,
    auditExport: audit && auditExportRoute({ audit, authenticate, line: exportLine, header: exportHeader }),
    recordDownload: audit && downloadRecorder(audit),
    auditAvailable: audit && (() => audit.store.available),
    frontDoor: door,
    sandbox: config.server.introspection,
  });
  server.on("request", app);
  server.on("upgrade", subscriptions.handleUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.server.port, config.server.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.server.host === "0.0.0.0" || config.server.host === "::" ? "localhost" : config.server.host;
  if (config.media.publicUrl === undefined) listeningUrl = `http://${host}:${port}/`;

  let closing: Promise<void> | undefined;
  const stop = async () => {
    drain.phase = "draining";
    const grace = config.server.shutdownGraceMs;
    if (grace > 0) await new Promise((r) => setTimeout(r, grace));
    drain.phase = "closed";
    // WebSocket clients are told to go (1001) when the port closes: they reconnect to a replica
    // that is serving and resubscribe, their first event being the state they may have missed.
    await subscriptions.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (!(await drain.idle(DRAIN_TIMEOUT_MS))) {
      logger.warn({ inFlight: drain.active }, "requests still running after the drain timeout: closing their connections");
    }
    server.closeAllConnections();
    await closed;
    await pipeline.stop();
    await liveSessions.close();
  };
  return {
    url: `http://${host}:${port}/`,
    server,
    liveSessions,
    close: () => (closing ??= stop()),
  };
}
