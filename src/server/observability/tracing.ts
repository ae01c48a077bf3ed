import type { ApolloServerPlugin } from "@apollo/server";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import type { Logger } from "pino";
import type { TracingConfig } from "../../config/tracing-config.js";
import type { UpstreamObserver } from "../../upstream/observer.js";
import type { GatewayContext } from "../context.js";
import { httpSpans, type HttpSpan } from "./tracing-http.js";
import { operationScope, operationSpanPlugin } from "./tracing-operation.js";
import { createTracerProvider } from "./tracing-provider.js";
import { upstreamSpans } from "./tracing-upstream.js";

/** The longest shutdown waits for the last export: a collector that is down must not hold the exit up. */
const SHUTDOWN_TIMEOUT_MS = 5_000;
/** At most one warning about failed span exports per this many ms: a collector that is down must not flood the logs. */
const EXPORT_WARNING_INTERVAL_MS = 60_000;

/** The gateway's tracing, on or off: the HTTP app, Apollo and the upstream client each take their part. */
export interface Tracing {
  readonly enabled: boolean;
  /** Runs a request's handler inside its server span. */
  readonly http: HttpSpan;
  /** Runs one GraphQL execution so that the operation span (opened by `plugins`) parents what it causes. */
  operation<T>(run: () => Promise<T>): Promise<T>;
  readonly plugins: readonly ApolloServerPlugin<GatewayContext>[];
  /** Opens a client span per upstream attempt; combine it with the other upstream observers. */
  readonly upstream: UpstreamObserver;
  /** Exports every ended span now. */
  forceFlush(): Promise<void>;
  /** Exports what is left and stops. */
  shutdown(): Promise<void>;
}

/** Tracing off: no SDK, no context manager, nothing per request (callers check `enabled` before wrapping). */
export const TRACING_OFF: Tracing = Object.freeze<Tracing>({
  enabled: false,
  http: (_req, _res, _route, handler) => handler(),
  operation: <T>(run: () => Promise<T>) => run(),
  plugins: [],
  upstream: {},
  forceFlush: async () => {},
  shutdown: async () => {},
});

/**
 * OpenTelemetry tracing for `config`, or TRACING_OFF without one. The context manager, propagator and
 * provider belong to this instance and are never registered globally.
 */
export function createTracing(config: TracingConfig | undefined, logger: Logger): Tracing {
  if (!config) return TRACING_OFF;
  const contexts = new AsyncLocalStorageContextManager().enable();
  let warnedAt = -Infinity;
  const provider = createTracerProvider(config, (failure) => {
    const now = Date.now();
    if (now - warnedAt < EXPORT_WARNING_INTERVAL_MS) return;
    warnedAt = now;
    logger.warn({ exportError: failure.name, status: failure.status }, "span export to the OTLP endpoint failed: those spans are dropped (requests are unaffected)");
  });
  const tracer = provider.getTracer("idv-graph");
  return {
    enabled: true,
    http: httpSpans(tracer, contexts, new W3CTraceContextPropagator()),
    operation: operationScope(contexts),
    plugins: [operationSpanPlugin(tracer, contexts)],
    upstream: upstreamSpans(tracer, contexts),
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref()));
      await Promise.race([provider.shutdown(), late]).finally(() => clearTimeout(timer));
      contexts.disable();
    },
  };
}
