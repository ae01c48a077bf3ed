import { ConfigError } from "./config-error.js";
import { nonEmpty, type Env } from "./env-schema.js";

/** OTLP over HTTP, as protobuf (the OpenTelemetry default) or JSON. */
export type OtlpProtocol = "http/protobuf" | "http/json";

/** Which traces are kept: the standard OTEL_TRACES_SAMPLER choices. */
export interface SamplerConfig {
  /** Follow the caller's sampled flag when a traceparent came in (the `parentbased_*` samplers). */
  readonly parentBased: boolean;
  /** The decision for a trace that starts here: keep all, none, or a ratio of trace ids. */
  readonly root: "always_on" | "always_off" | "traceidratio";
  /** 0..1, for `traceidratio`. */
  readonly ratio: number;
}

/** Where and how spans are exported. Present only when tracing is on. */
export interface TracingConfig {
  /** The full OTLP/HTTP traces URL, e.g. http://otel-collector:4318/v1/traces. */
  readonly endpoint: string;
  readonly protocol: OtlpProtocol;
  /** Extra export headers (e.g. a vendor's API key): never logged. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly compression: "gzip" | "none";
  readonly serviceName: string;
  /** OTEL_RESOURCE_ATTRIBUTES, e.g. deployment.environment.name=prod. */
  readonly resourceAttributes: Readonly<Record<string, string>>;
  readonly sampler: SamplerConfig;
  /** The batch span processor's standard OTEL_BSP_* settings. */
  readonly batch: {
    readonly scheduledDelayMs: number;
    readonly exportTimeoutMs: number;
    readonly maxQueueSize: number;
    readonly maxExportBatchSize: number;
  };
}

/** Where the standard says an OTLP/HTTP exporter sends traces when no endpoint is given. */
const DEFAULT_BASE = "http://localhost:4318/";
const SAMPLERS = ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The signal-specific variable wins over the general one, as the OpenTelemetry spec says. */
function pick(e: Env, specific: keyof Env, general: keyof Env): { name: string; value: string } | undefined {
  for (const name of [specific, general]) {
    const value = nonEmpty(e[name] as string | undefined);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/** An http(s) URL; never echoed (collector URLs may carry credentials). */
function endpointUrl(variable: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(variable, "is not a URL; give the collector's OTLP/HTTP address, e.g. http://otel-collector:4318");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(variable, "must be an http(s) URL (OTLP over HTTP; gRPC is not supported), e.g. http://otel-collector:4318");
  }
  if (url.username || url.password || url.hash) {
    throw new ConfigError(variable, "must not carry credentials or a fragment; send credentials with OTEL_EXPORTER_OTLP_HEADERS");
  }
  return url;
}

function traceEndpoint(e: Env): string {
  const specific = nonEmpty(e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  // A traces endpoint is used as given; a general one is a base that gets the signal's path.
  if (specific !== undefined) return endpointUrl("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", specific).toString();
  const base = endpointUrl("OTEL_EXPORTER_OTLP_ENDPOINT", nonEmpty(e.OTEL_EXPORTER_OTLP_ENDPOINT) ?? DEFAULT_BASE);
  if (base.search) throw new ConfigError("OTEL_EXPORTER_OTLP_ENDPOINT", "must not carry a query (the traces path is appended to it); use OTEL_EXPORTER_OTLP_TRACES_ENDPOINT for a full URL");
  base.pathname = `${base.pathname.replace(/\/+$/, "")}/v1/traces`;
  return base.toString();
}

/** `key=value,key2=value2` with percent-encoded values (the OTEL_*_HEADERS and OTEL_RESOURCE_ATTRIBUTES format). */
function keyValues(variable: string, raw: string | undefined, isHeader: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  // Values may be secrets (a vendor's API key): the message names the rule, never the content.
  const refuse = () => new ConfigError(variable, "must be a comma-separated list of key=value pairs with percent-encoded values, e.g. x-api-key=abc123");
  for (const item of (raw ?? "").split(",")) {
    if (item.trim() === "") continue;
    const eq = item.indexOf("=");
    // No "=", or nothing before it.
    if (eq < 1) throw refuse();
    const key = item.slice(0, eq).trim();
    if (key === "" || (isHeader && !HEADER_NAME.test(key))) throw refuse();
    let value: string;
    try {
      value = decodeURIComponent(item.slice(eq + 1).trim());
    } catch {
      throw refuse();
    }
    out[key] = value;
  }
  return out;
}

function intFrom(variable: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(variable, `must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function samplerConfig(e: Env): SamplerConfig {
  const name = (nonEmpty(e.OTEL_TRACES_SAMPLER) ?? "parentbased_always_on").toLowerCase();
  if (!SAMPLERS.includes(name)) {
    throw new ConfigError("OTEL_TRACES_SAMPLER", `must be one of ${SAMPLERS.join(", ")} (default parentbased_always_on)`);
  }
  const root = name.replace(/^parentbased_/, "") as SamplerConfig["root"];
  const arg = nonEmpty(e.OTEL_TRACES_SAMPLER_ARG);
  let ratio = 1;
  if (root === "traceidratio" && arg !== undefined) {
    ratio = Number(arg);
    if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
      throw new ConfigError("OTEL_TRACES_SAMPLER_ARG", `must be a number from 0 to 1 (the share of traces kept), got "${arg}"`);
    }
  }
  return Object.freeze({ parentBased: name.startsWith("parentbased_"), root, ratio });
}

/** True when the standard variables ask for traces: an OTLP endpoint, or OTEL_TRACES_EXPORTER=otlp; never with `none` or OTEL_SDK_DISABLED=true. */
function tracingWanted(e: Env): boolean {
  if (nonEmpty(e.OTEL_SDK_DISABLED)?.toLowerCase() === "true") return false;
  const exporters = (nonEmpty(e.OTEL_TRACES_EXPORTER) ?? "").split(",").map((x) => x.trim().toLowerCase()).filter((x) => x !== "");
  for (const x of exporters) {
    if (x !== "otlp" && x !== "none") throw new ConfigError("OTEL_TRACES_EXPORTER", "must be otlp or none: the gateway exports traces over OTLP/HTTP only");
  }
  if (exporters.includes("none")) return false;
  return exporters.includes("otlp") || nonEmpty(e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) !== undefined || nonEmpty(e.OTEL_EXPORTER_OTLP_ENDPOINT) !== undefined;
}

/** The tracing part of the configuration: undefined (tracing off) unless the standard OTEL_* variables turn it on. */
export function loadTracingConfig(e: Env): TracingConfig | undefined {
  if (!tracingWanted(e)) return undefined;
  const protocol = pick(e, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
  if (protocol && protocol.value !== "http/protobuf" && protocol.value !== "http/json") {
    throw new ConfigError(protocol.name, "must be http/protobuf (the default) or http/json: the gateway ships the OTLP/HTTP exporters only");
  }
  const compression = pick(e, "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION");
  if (compression && compression.value !== "gzip" && compression.value !== "none") {
    throw new ConfigError(compression.name, "must be gzip or none (the default)");
  }
  const timeout = pick(e, "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT");
  const headers = pick(e, "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS");
  const resourceAttributes = keyValues("OTEL_RESOURCE_ATTRIBUTES", e.OTEL_RESOURCE_ATTRIBUTES, false);
  return Object.freeze({
    endpoint: traceEndpoint(e),
    protocol: (protocol?.value ?? "http/protobuf") as OtlpProtocol,
    headers: Object.freeze(headers ? keyValues(headers.name, headers.value, true) : {}),
    timeoutMs: timeout ? intFrom(timeout.name, timeout.value, 100, 600_000) : 10_000,
    compression: (compression?.value ?? "none") as "gzip" | "none",
    // OTEL_SERVICE_NAME wins over a service.name in OTEL_RESOURCE_ATTRIBUTES.
    serviceName: nonEmpty(e.OTEL_SERVICE_NAME) ?? resourceAttributes["service.name"] ?? "idv-graph",
    resourceAttributes: Object.freeze(resourceAttributes),
    sampler: samplerConfig(e),
    batch: Object.freeze({
      scheduledDelayMs: e.OTEL_BSP_SCHEDULE_DELAY,
      exportTimeoutMs: e.OTEL_BSP_EXPORT_TIMEOUT,
      maxQueueSize: e.OTEL_BSP_MAX_QUEUE_SIZE,
      // A batch larger than the queue could never fill: capped, as the SDK itself would.
      maxExportBatchSize: Math.min(e.OTEL_BSP_MAX_EXPORT_BATCH_SIZE, e.OTEL_BSP_MAX_QUEUE_SIZE),
    }),
  });
}
