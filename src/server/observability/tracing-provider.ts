import { createRequire } from "node:module";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type ReadableSpan,
  type Sampler,
  type SpanExporter,
} from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import type { SamplerConfig, TracingConfig } from "../../config/tracing-config.js";

/** The gateway's version, as its spans' resource reports it (src/ and dist/ sit at the same depth under package.json). */
const SERVICE_VERSION = (createRequire(import.meta.url)("../../../package.json") as { version: string }).version;

/** Why an export failed: a name and an HTTP status at most (the error's message may quote the collector's answer). */
export interface ExportFailure {
  readonly name: string;
  readonly status?: number;
}

type ExporterOptions = NonNullable<ConstructorParameters<typeof JsonTraceExporter>[0]>;

function sampler(config: SamplerConfig): Sampler {
  const root = config.root === "always_on" ? new AlwaysOnSampler() : config.root === "always_off" ? new AlwaysOffSampler() : new TraceIdRatioBasedSampler(config.ratio);
  return config.parentBased ? new ParentBasedSampler({ root }) : root;
}

/** Passes every export through, telling `onFailure` about the ones that did not succeed. */
function reporting(exporter: SpanExporter, onFailure: (failure: ExportFailure) => void): SpanExporter {
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      exporter.export(spans, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) {
          const error = result.error as (Error & { code?: unknown }) | undefined;
          onFailure({ name: error?.name ?? "Error", status: typeof error?.code === "number" ? error.code : undefined });
        }
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/**
 * The OpenTelemetry SDK for the configured collector: OTLP over HTTP (protobuf or JSON), a batch
 * processor, the configured sampler, and a resource naming the service. Nothing is registered
 * globally: the gateway's spans are made from this provider only, so no library's automatic
 * instrumentation (which would record raw URLs) can join in by accident.
 */
export function createTracerProvider(config: TracingConfig, onFailure: (failure: ExportFailure) => void): TracerProvider {
  const options: ExporterOptions = {
    url: config.endpoint,
    headers: { ...config.headers },
    timeoutMillis: config.timeoutMs,
    // The SDK types this as an enum whose values are these very strings.
    compression: config.compression as ExporterOptions["compression"],
  };
  const exporter = config.protocol === "http/json" ? new JsonTraceExporter(options) : new ProtobufTraceExporter(options);
  return new TracerProvider({
    sampler: sampler(config.sampler),
    resource: defaultResource().merge(
      resourceFromAttributes({ ...config.resourceAttributes, [ATTR_SERVICE_NAME]: config.serviceName, [ATTR_SERVICE_VERSION]: SERVICE_VERSION }),
    ),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: reporting(exporter, onFailure),
        scheduledDelayMillis: config.batch.scheduledDelayMs,
        exportTimeoutMillis: config.batch.exportTimeoutMs,
        maxQueueSize: config.batch.maxQueueSize,
        maxExportBatchSize: config.batch.maxExportBatchSize,
      }),
    ],
  });
}
