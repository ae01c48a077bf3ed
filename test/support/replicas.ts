import { emulatorUpstream } from "../../src/config/upstream-config.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { startGateway, type RunningGateway } from "../../src/server/gateway.js";
import type { GatewayMetrics } from "../../src/server/observability/metrics.js";
import { createYotiClient } from "../../src/upstream/yoti-client.js";
import { DEFAULTS, testGatewayPieces, type GatewayOverrides, type LogCapture } from "./gateway-options.js";
import { metricValue } from "./live.js";
import { startRedis, type RedisServer } from "./redis.js";
import { until } from "./wait.js";

/** One gateway replica on a shared emulator, as a deployment runs several. */
export interface Replica {
  readonly gateway: RunningGateway;
  readonly metrics: GatewayMetrics;
  readonly logs: LogCapture;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

/** Starts a gateway against `emulator` with its own client, metrics and logs. */
export async function startReplica(emulator: Emulator, overrides: GatewayOverrides = {}): Promise<Replica> {
  const pieces = testGatewayPieces(overrides);
  const client = createYotiClient(emulatorUpstream(DEFAULTS.upstream.tuning, emulator.baseUrl, emulator.sdkId, emulator.keyFile), pieces.observer);
  const gateway = await startGateway(pieces.options(client));
  return {
    gateway,
    metrics: pieces.metrics,
    logs: pieces.logs,
    metric: (name, labels = {}) => metricValue(pieces, name, labels),
    close: () => gateway.close(),
  };
}

/** Waits until every one of `replicas` reports its Redis connection up (or, with `up` false, down). */
export function redisConnected(replicas: readonly Replica[], up: boolean, options: { timeoutMs?: number; what?: string } = {}): Promise<void> {
  const { timeoutMs = 10_000, what = `${replicas.length} replica(s) ${up ? "on" : "off"} Redis` } = options;
  return until(async () => (await Promise.all(replicas.map((r) => r.metric("idv_graph_redis_connected")))).every((v) => v === (up ? 1 : 0)), { timeoutMs, what });
}

/** A real redis-server, an emulator, and replicas A and B sharing both, as a scaled-out deployment runs. */
export interface ReplicaPair {
  readonly redis: RedisServer;
  readonly emulator: Emulator;
  readonly a: Replica;
  readonly b: Replica;
  close(): Promise<void>;
}

/** Starts a pair whose replicas each get `overrides` and the server's URL as `live.redisUrl`; resolves once both are on Redis. */
export async function startReplicaPair(overrides: GatewayOverrides = {}): Promise<ReplicaPair> {
  const [redis, emulator] = await Promise.all([startRedis(), startEmulator()]);
  const options = { ...overrides, live: { ...overrides.live, redisUrl: redis.url } };
  const replicas = await Promise.allSettled([startReplica(emulator, options), startReplica(emulator, options)]);
  const started = replicas.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const close = async () => {
    await Promise.all(started.map((r) => r.close()));
    await emulator.close();
    await redis.stop();
  };
  try {
    if (started.length < 2) throw replicas.find((r) => r.status === "rejected")!.reason;
    await redisConnected(started, true, { what: "both replicas on Redis" });
  } catch (error) {
    // Nothing is left running for a start that failed half-way: the suite's afterAll has no pair to close.
    await close();
    throw error;
  }
  const [a, b] = started as [Replica, Replica];
  return { redis, emulator, a, b, close };
}
