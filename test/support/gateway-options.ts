import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type { MediaUrlConfig } from "../../src/config/config.js";
import type { AuthConfig, LimitsConfig } from "../../src/config/security-config.js";
import type { GatewayOptions } from "../../src/server/gateway.js";
import { createLogger } from "../../src/server/observability/logger.js";
import { createMetrics } from "../../src/server/observability/metrics.js";
import { combineObservers, upstreamLogObserver } from "../../src/server/observability/request-log.js";
import type { UpstreamObserver } from "../../src/upstream/observer.js";
import type { YotiClient } from "../../src/upstream/yoti-client.js";

/** The documented defaults (README), as the tests' gateways use them. */
export const DEFAULT_LIMITS: LimitsConfig = {
  maxDepth: 16,
  maxAliases: 150,
  maxCost: 50_000,
  maxTokens: 5_000,
  maxBodyBytes: 100 * 1024,
  corsOrigins: [],
};

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

/** Everything a test gateway needs, with logs captured at debug level. */
export function testGatewayPieces(overrides: {
  auth?: Partial<AuthConfig>;
  limits?: Partial<LimitsConfig>;
  media?: Partial<MediaUrlConfig>;
  introspection?: boolean;
} = {}) {
  const logs = new LogCapture();
  const logger = createLogger("debug", logs);
  const metrics = createMetrics();
  const observer: UpstreamObserver = combineObservers(metrics.upstream, upstreamLogObserver(logger));
  const media: MediaUrlConfig = { secret: randomBytes(32), secretGenerated: true, ttlSeconds: 300, ...overrides.media };
  const options = (client: YotiClient): GatewayOptions => ({
    client,
    media,
    auth: { explicitlyOpen: false, ...overrides.auth },
    limits: { ...DEFAULT_LIMITS, ...overrides.limits },
    introspection: overrides.introspection ?? true,
    logger,
    metrics,
    port: 0,
    host: "127.0.0.1",
  });
  return { logs, logger, metrics, observer, media, options };
}
