import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type { CacheConfig } from "../../src/config/cache-config.js";
import { loadConfig } from "../../src/config/config.js";
import type { LiveConfig } from "../../src/config/live-config.js";
import type { MediaUrlConfig } from "../../src/config/media-config.js";
import type { AuthConfig, LimitsConfig } from "../../src/config/security-config.js";
import type { ServerConfig } from "../../src/config/server-config.js";
import type { GatewayOptions } from "../../src/server/gateway.js";
import type { AuditOptions } from "../../src/server/graphql/operation-access.js";
import { createLogger } from "../../src/server/observability/logger.js";
import { createMetrics } from "../../src/server/observability/metrics.js";
import { upstreamLogObserver } from "../../src/server/observability/request-log.js";
import { combineObservers, type UpstreamObserver } from "../../src/upstream/upstream-observer.js";
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

/** What a test may change about its gateway: any part of a configuration section. */
export interface GatewayOverrides {
  server?: Partial<ServerConfig>;
  auth?: Partial<AuthConfig>;
  limits?: Partial<LimitsConfig>;
  media?: Partial<MediaUrlConfig>;
  live?: Partial<LiveConfig>;
  /** The session cache across requests (off, as by default, unless given with a TTL). */
  cache?: Partial<CacheConfig>;
  /** How long a media body may sit idle upstream (the upstream section's per-attempt timeout). */
  mediaIdleMs?: number;
  keepAliveMs?: number;
  /** The audit trail (a store the test opened); off when absent. */
  audit?: AuditOptions;
}

/** Everything a test gateway needs, with logs captured at debug level; it listens on a free loopback port. */
export function testGatewayPieces(overrides: GatewayOverrides = {}) {
  const logs = new LogCapture();
  const logger = createLogger("debug", logs);
  const metrics = createMetrics();
  const observer: UpstreamObserver = combineObservers(metrics.upstream, upstreamLogObserver(logger));
  const media: MediaUrlConfig = { secret: randomBytes(32), secretGenerated: true, ttlSeconds: DEFAULTS.media.ttlSeconds, ...overrides.media };
  const options = (client: YotiClient): GatewayOptions => ({
    config: {
      server: { ...DEFAULTS.server, port: 0, host: "127.0.0.1", ...overrides.server },
      upstream: { tuning: { ...DEFAULTS.upstream.tuning, ...(overrides.mediaIdleMs === undefined ? {} : { timeoutMs: overrides.mediaIdleMs }) } },
      auth: { explicitlyOpen: false, ...overrides.auth },
      limits: { ...DEFAULTS.limits, ...overrides.limits },
      media,
      live: { ...DEFAULTS.live, ...overrides.live },
      cache: { ...DEFAULTS.cache, ...overrides.cache },
    },
    client,
    logger,
    metrics,
    keepAliveMs: overrides.keepAliveMs,
    audit: overrides.audit,
  });
  return { logs, logger, metrics, observer, media, options };
}
