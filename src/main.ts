// Composition root: the only module that sees both the gateway and the embedded emulator.
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { LiveConfig } from "./config/live-config.js";
import type { Emulator } from "./emulator/index.js";
import { ConfigError } from "./config/config-error.js";
import { loadConfig, type Config } from "./config/config.js";
import { emulatorUpstream, type UpstreamConfig } from "./config/upstream-config.js";
import { startGateway, type RunningGateway } from "./server/gateway.js";
import { createTracing } from "./server/observability/create-tracing.js";
import { createLogger } from "./server/observability/logger.js";
import { createMetrics } from "./server/observability/metrics.js";
import { upstreamLogObserver } from "./server/observability/request-log.js";
import { installProcessErrorHandlers } from "./server/process-errors.js";
import { combineObservers } from "./upstream/upstream-observer.js";
import { createYotiClient } from "./upstream/yoti-client.js";
import type { AuditConfig } from "./config/audit-config.js";
import { openAuditStore } from "./audit/open-audit-store.js";
import { OpeningStore } from "./audit/opening-store.js";
import { startRetention } from "./audit/audit-retention.js";

/** The upstream to use, and the embedded emulator when it is that upstream. */
interface ResolvedUpstream {
  upstream: UpstreamConfig;
  close: () => Promise<void>;
  emulator?: Emulator;
}

async function resolveUpstream(config: Config, logger: Logger): Promise<ResolvedUpstream> {
  const { tuning, credentials } = config.upstream;
  if (credentials) return { upstream: { ...tuning, ...credentials }, close: async () => {} };
  // No Yoti credentials (development only; config refuses this in production): serve demo sessions
  // from the embedded emulator over real, signed HTTP.
  const { startEmulator } = await import("./emulator/index.js");
  const emulator = await startEmulator({ port: 0, sessionsDir: config.emulator.sessionsDir });
  logger.info({ emulator: emulator.baseUrl }, "no YOTI_CLIENT_SDK_ID/YOTI_KEY_FILE_PATH set: using the embedded Yoti emulator");
  // Plain lines for people: the ids to paste into Sandbox.
  console.log("Demo sessions (embedded emulator):");
  for (const s of emulator.sessions) console.log(`  ${s.id}  ${s.name}`);
  return {
    upstream: emulatorUpstream(tuning, emulator.baseUrl, emulator.sdkId, emulator.keyFile),
    close: () => emulator.close(),
    emulator,
  };
}

/**
 * Development with the embedded emulator: its notifications go to this gateway's webhook (a token
 * made up for this run unless YOTI_WEBHOOK_* is set), and the live demo plays once, so a new user
 * can watch a session finish in Sandbox.
 */
function liveDemoConfig(config: Config, emulator: Emulator | undefined): LiveConfig {
  if (!emulator || config.live.webhook) return config.live;
  return { ...config.live, webhook: { authType: "BEARER", token: randomBytes(24).toString("hex") } };
}

async function startLiveDemo(emulator: Emulator, gateway: RunningGateway, live: LiveConfig, host: string): Promise<void> {
  if (!live.webhook) return;
  // Loaded on demand, as the emulator itself is: production never imports it.
  const { LIVE_DEMO_SESSION_ID } = await import("./emulator/index.js");
  // The emulator reaches the gateway over loopback whatever interface the gateway listens on.
  const local = host === "0.0.0.0" || host === "::" ? `http://127.0.0.1:${new URL(gateway.url).port}/` : gateway.url;
  emulator.setWebhook({ url: new URL("webhooks/yoti", local).toString(), ...live.webhook });
  emulator.play();
  const control = new URL("/__emulator/play", emulator.baseUrl).toString();
  console.log(`Live demo: ${LIVE_DEMO_SESSION_ID} is playing now, ONGOING to COMPLETED in about 16 s, with Yoti-style notifications to this gateway.`);
  console.log(`  Watch it in Sandbox: subscription { sessionUpdated(id: "${LIVE_DEMO_SESSION_ID}") { topic session { state checks { type state } } } }`);
  console.log(`  Play it again: curl -X POST ${control}`);
}

/** The audit store, opening in the background (PGlite's first open takes seconds); undefined when GATEWAY_AUDIT=off. */
function openAudit(config: AuditConfig, logger: Logger): { store: OpeningStore; stopRetention: Promise<() => void> } | undefined {
  if (!config.enabled) {
    logger.warn("GATEWAY_AUDIT=off: personal-data reads are NOT recorded");
    return undefined;
  }
  const kind = config.databaseUrl ? "postgres" : "pglite";
  const started = Date.now();
  const store = new OpeningStore(kind, () => openAuditStore(config), (error, attempt) => {
    // The reason may hold a connection string: its name and code only; then one line a minute while it lasts.
    const failure = error as NodeJS.ErrnoException | undefined;
    if (attempt === 1 || attempt % 30 === 0) {
      logger.error({ audit: kind, error: failure?.code ?? failure?.name, attempt }, "the audit store did not open: personal data is withheld (AUDIT_UNAVAILABLE) and readiness fails; retrying every 2 s");
    }
  });
  const stopRetention = store.opened.then((opened) => {
    if (!opened) return () => {};
    logger.info({ audit: kind, openMs: Date.now() - started, retentionDays: config.retentionDays }, "audit trail ready");
    return startRetention(opened, config.retentionDays, logger);
  });
  return { store, stopRetention };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.server.logLevel);
  const metrics = createMetrics();
  // Until the gateway listens there is nothing to drain: a fatal error exits at once.
  let exitGracefully: (code: number) => void = (code) => process.exit(code);
  installProcessErrorHandlers(process, { logger, count: metrics.processError, exit: (code) => exitGracefully(code) });
  const tracing = await createTracing(config.tracing, logger);
  const { upstream, close: closeUpstream, emulator } = await resolveUpstream(config, logger);
  const live = liveDemoConfig(config, emulator);
  const audit = openAudit(config.audit, logger);
  if (config.media.secretGenerated) {
    logger.warn("GATEWAY_MEDIA_SECRET is not set: using a random secret, so Media.url links stop working when this process exits");
  }
  if (config.auth.explicitlyOpen && config.production) {
    logger.warn("GATEWAY_AUTH=none: caller authentication is OFF; anyone who can reach this port can read every session");
  }
  const gateway = await startGateway({
    config: { ...config, live },
    client: createYotiClient(upstream, combineObservers(metrics.upstream, upstreamLogObserver(logger), tracing.upstream)),
    logger,
    metrics,
    tracing,
    audit: audit && { store: audit.store, requirePurpose: config.audit.requirePurpose },
    demoSessions: emulator?.sessions,
  });
  // The collector's origin only: the endpoint's path or query could carry a tenant or token.
  const tracesTo = config.tracing ? new URL(config.tracing.endpoint).origin : false;
  logger.info(
    {
      upstream: new URL(upstream.baseUrl).origin,
      production: config.production,
      trustedDocuments: config.server.trustedDocuments?.size ?? "off",
      federation: config.server.federation,
      tracing: tracesTo,
      sessionCache: config.cache.ttlSeconds > 0 ? { ttlSeconds: config.cache.ttlSeconds, maxMb: config.cache.maxBytes / (1024 * 1024) } : "off",
      audit: audit ? { store: audit.store.kind, requirePurpose: config.audit.requirePurpose } : "off",
    },
    "idv-graph listening",
  );
  console.log(`idv-graph listening on ${gateway.url}${config.server.introspection ? ": open it in a browser for Apollo Sandbox" : ""}`);
  if (emulator) await startLiveDemo(emulator, gateway, live, config.server.host);

  let stopping = false;
  const stop = (signal: string, exitCode = 0) => {
    // A repeated signal changes nothing: the drain is bounded anyway.
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.server.shutdownGraceMs }, "draining: readiness fails now, in-flight requests finish, then exit");
    // The embedded emulator closes last: requests still in flight need their upstream. Spans of the
    // drained requests are flushed before exit.
    // The audit store closes after the last answer: every event of a drained request is written.
    gateway
      .close()
      .then(async () => {
        if (!audit) return;
        (await audit.stopRetention)();
        await audit.store.close();
      })
      .then(() => tracing.shutdown())
      .then(closeUpstream)
      .then(
        () => process.exit(exitCode),
        () => process.exit(1),
      );
  };
  exitGracefully = (code) => stop("uncaughtException", code);
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  // Startup failures other than config (e.g. the port is taken): one line, no stack with paths or keys.
  const code = (error as NodeJS.ErrnoException)?.code;
  console.error(`idv-graph failed to start: ${code ?? (error instanceof Error ? error.name : "error")}${error instanceof Error ? `: ${error.message}` : ""}`);
  process.exit(1);
});
