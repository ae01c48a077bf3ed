import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { loadConfig, type MediaUrlConfig } from "../../src/config/config.js";
import type { LiveConfig } from "../../src/config/live-config.js";
import type { SessionCacheConfig } from "../../src/config/session-cache-config.js";
import type { AuthConfig, LimitsConfig } from "../../src/config/security-config.js";
import type { GatewayOptions } from "../../src/server/gateway.js";
import { createLogger } from "../../src/server/observability/logger.js";
import { createMetrics } from "../../src/server/observability/metrics.js";
import { upstreamLogObserver } from "../../src/server/observability/request-log.js";
import { combineObservers, type UpstreamObserver } from "../../src/upstream/observer.js";
import type { YotiClient } from "../../src/upstream/yoti-client.js";

/** The configuration an empty environment gives: tests run on the documented defaults, not a copy of them. */
export const DEFAULTS = loadConfig({});

/** Captured log lines (parsed JSON) of one test gateway. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.lines.push(...chunk.toString("utf8").split("\n").filter((l) => l !== ""));
    done();
  }
  /** Every line parsed. */
  records(): Record<string, any>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, any>);
  }
}

/** What a test may change about its gateway. */
export interface GatewayOverrides {
  auth?: Partial<AuthConfig>;
  limits?: Partial<LimitsConfig>;
  media?: Partial<MediaUrlConfig>;
  introspection?: boolean;
  shutdownGraceMs?: number;
  mediaIdleMs?: number;
  metricsTokenSha256?: Buffer;
  trustedDocuments?: GatewayOptions["trustedDocuments"];
  federation?: boolean;
  live?: Partial<LiveConfig>;
  keepAliveMs?: number;
  /** The session cache across requests (off, as by default, unless given with a TTL). */
  sessionCache?: Partial<SessionCacheConfig>;
}

/** Everything a test gateway needs, with logs captured at debug level. */
export function testGatewayPieces(overrides: GatewayOverrides = {}) {
  const logs = new LogCapture();
  const logger = createLogger("debug", logs);
  const metrics = createMetrics();
  const observer: UpstreamObserver = combineObservers(metrics.upstream, upstreamLogObserver(logger));
  const media: MediaUrlConfig = { secret: randomBytes(32), secretGenerated: true, ttlSeconds: DEFAULTS.media.ttlSeconds, ...overrides.media };
  const options = (client: YotiClient): GatewayOptions => ({
    client,
    media,
    auth: { explicitlyOpen: false, ...overrides.auth },
    limits: { ...DEFAULTS.limits, ...overrides.limits },
    introspection: overrides.introspection ?? true,
    logger,
    metrics,
    port: 0,
    host: "127.0.0.1",
    shutdownGraceMs: overrides.shutdownGraceMs ?? 0,
    mediaIdleMs: overrides.mediaIdleMs ?? DEFAULTS.tuning.timeoutMs,
    metricsTokenSha256: overrides.metricsTokenSha256,
    trustedDocuments: overrides.trustedDocuments,
    federation: overrides.federation,
    live: { ...DEFAULTS.live, ...overrides.live },
    keepAliveMs: overrides.keepAliveMs,
    sessionCache: { ...DEFAULTS.sessionCache, ...overrides.sessionCache },
  });
  return { logs, logger, metrics, observer, media, options };
}
