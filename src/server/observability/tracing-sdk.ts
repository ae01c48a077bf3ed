import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import type { Logger } from "pino";
import type { TracingConfig } from "../../config/tracing-config.js";
import type { Tracing } from "./tracing.js";
import { httpSpans } from "./tracing-http.js";
import { operationScope, operationSpanPlugin } from "./tracing-operation.js";
import { createTracerProvider } from "./tracing-provider.js";
import { upstreamSpans } from "./tracing-upstream.js";

/** The longest shutdown waits for the last export: a collector that is down must not hold the exit up. */
const SHUTDOWN_TIMEOUT_MS = 5_000;
/** At most one warning about failed span exports per this many ms: a collector that is down must not flood the logs. */
const EXPORT_WARNING_INTERVAL_MS = 60_000;

/**
 * OpenTelemetry tracing for `config`. The context manager, propagator and provider belong to this
 * instance and are never registered globally.
 */
export function createSdkTracing(config: TracingConfig, logger: Logger): Tracing {
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
    // A failed export was reported by the warning above; flushing and stopping never fail the caller.
    forceFlush: () => provider.forceFlush().catch(() => {}),
    async shutdown() {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref()));
      await Promise.race([provider.shutdown().catch(() => {}), late]).finally(() => clearTimeout(timer));
      contexts.disable();
    },
  };
}
