// Composition root: the only module that sees both the gateway and the embedded emulator.
import type { Logger } from "pino";
import { ConfigError } from "./config/config-error.js";
import { emulatorUpstream, loadConfig, type Config, type UpstreamConfig } from "./config/config.js";
import { startGateway } from "./server/gateway.js";
import { createLogger } from "./server/observability/logger.js";
import { createMetrics } from "./server/observability/metrics.js";
import { upstreamLogObserver } from "./server/observability/request-log.js";
import { combineObservers } from "./upstream/observer.js";
import { createYotiClient } from "./upstream/yoti-client.js";

async function resolveUpstream(config: Config, logger: Logger): Promise<{ upstream: UpstreamConfig; close: () => Promise<void> }> {
  if (config.upstream) return { upstream: config.upstream, close: async () => {} };
  // No Yoti credentials (development only; config refuses this in production): serve demo sessions
  // from the embedded emulator over real, signed HTTP.
  const { startEmulator } = await import("./emulator/index.js");
  const emulator = await startEmulator({ port: 0, sessionsDir: config.emulatorSessionsDir });
  logger.info({ emulator: emulator.baseUrl }, "no YOTI_CLIENT_SDK_ID/YOTI_KEY_FILE_PATH set: using the embedded Yoti emulator");
  // Plain lines for people: the ids to paste into Sandbox.
  console.log("Demo sessions (embedded emulator):");
  for (const s of emulator.sessions) console.log(`  ${s.id}  ${s.name}`);
  return {
    upstream: emulatorUpstream(config.tuning, emulator.baseUrl, emulator.sdkId, emulator.keyFile),
    close: () => emulator.close(),
  };
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
  const logger = createLogger(config.logLevel);
  const metrics = createMetrics();
  const { upstream, close: closeUpstream } = await resolveUpstream(config, logger);
  if (config.media.secretGenerated) {
    logger.warn("GATEWAY_MEDIA_SECRET is not set: using a random secret, so Media.url links stop working when this process exits");
  }
  if (config.auth.explicitlyOpen && config.production) {
    logger.warn("GATEWAY_AUTH=none: caller authentication is OFF; anyone who can reach this port can read every session");
  }
  const gateway = await startGateway({
    client: createYotiClient(upstream, combineObservers(metrics.upstream, upstreamLogObserver(logger))),
    media: config.media,
    auth: config.auth,
    limits: config.limits,
    introspection: config.introspection,
    logger,
    metrics,
    port: config.port,
    host: config.host,
    shutdownGraceMs: config.shutdownGraceMs,
    mediaIdleMs: config.tuning.timeoutMs,
    metricsTokenSha256: config.metricsTokenSha256,
    live: config.live,
  });
  logger.info({ upstream: new URL(upstream.baseUrl).origin, production: config.production }, "idv-graph listening");
  console.log(`idv-graph listening on ${gateway.url}${config.introspection ? ": open it in a browser for Apollo Sandbox" : ""}`);

  let stopping = false;
  const stop = (signal: string) => {
    // A repeated signal changes nothing: the drain is bounded anyway.
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.shutdownGraceMs }, "draining: readiness fails now, in-flight requests finish, then exit");
    // The embedded emulator closes last: requests still in flight need their upstream.
    gateway
      .close()
      .then(closeUpstream)
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  // Startup failures other than config (e.g. the port is taken): one line, no stack with paths or keys.
  const code = (error as NodeJS.ErrnoException)?.code;
  console.error(`idv-graph failed to start: ${code ?? (error instanceof Error ? error.name : "error")}${error instanceof Error ? `: ${error.message}` : ""}`);
  process.exit(1);
});
