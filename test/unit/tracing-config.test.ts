import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { configError } from "../support/config-errors.js";

const tracing = (env: NodeJS.ProcessEnv) => loadConfig(env).tracing;

describe("tracing is off unless the standard variables ask for it", () => {
  it("off with no OTEL_* variable, with OTEL_TRACES_EXPORTER=none, and with OTEL_SDK_DISABLED=true", () => {
    expect(tracing({})).toBeUndefined();
    expect(tracing({ OTEL_SERVICE_NAME: "x", OTEL_TRACES_SAMPLER: "always_on" })).toBeUndefined();
    expect(tracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_TRACES_EXPORTER: "none" })).toBeUndefined();
    // A list, as OpenTelemetry's own SDKs read it: names trimmed, none wins.
    expect(tracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_TRACES_EXPORTER: "otlp, none" })).toBeUndefined();
    expect(tracing({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/v1/traces", OTEL_SDK_DISABLED: "TRUE" })).toBeUndefined();
  });

  it("on with an endpoint: the documented defaults", () => {
    expect(tracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toEqual({
      endpoint: "http://collector:4318/v1/traces",
      protocol: "http/protobuf",
      headers: {},
      timeoutMs: 10_000,
      compression: "none",
      serviceName: "idv-graph",
      resourceAttributes: {},
      sampler: { parentBased: true, root: "always_on", ratio: 1 },
      batch: { scheduledDelayMs: 5_000, exportTimeoutMs: 30_000, maxQueueSize: 2_048, maxExportBatchSize: 512 },
    });
    expect(Object.isFrozen(tracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })!.headers)).toBe(true);
  });

  it("OTEL_TRACES_EXPORTER=otlp alone sends to the standard local collector address", () => {
    expect(tracing({ OTEL_TRACES_EXPORTER: "otlp" })!.endpoint).toBe("http://localhost:4318/v1/traces");
  });

  it("a general endpoint is a base (the traces path is appended); the traces endpoint is used as given and wins", () => {
    expect(tracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otlp.example.com/" })!.endpoint).toBe("https://otlp.example.com/v1/traces");
    expect(tracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otlp.example.com/tenant-a//" })!.endpoint).toBe("https://otlp.example.com/tenant-a/v1/traces");
    expect(
      tracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://general:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://traces:9999/custom/path" })!.endpoint,
    ).toBe("http://traces:9999/custom/path");
  });

  it("signal-specific variables win over general ones; headers and resource attributes are percent-decoded", () => {
    const t = tracing({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
      OTEL_EXPORTER_OTLP_HEADERS: "x-general=1",
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: "x-api-key=a%2Cb%3Dc, x-tenant = blue ",
      OTEL_EXPORTER_OTLP_TIMEOUT: "2000",
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: "3000",
      OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
      OTEL_RESOURCE_ATTRIBUTES: "deployment.environment.name=prod,service.name=from-attributes",
      OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
      OTEL_TRACES_SAMPLER_ARG: "0.25",
      OTEL_BSP_SCHEDULE_DELAY: "200",
      OTEL_BSP_MAX_QUEUE_SIZE: "100",
    })!;
    expect(t).toMatchObject({
      protocol: "http/json",
      headers: { "x-api-key": "a,b=c", "x-tenant": "blue" },
      timeoutMs: 3_000,
      compression: "gzip",
      serviceName: "from-attributes",
      resourceAttributes: { "deployment.environment.name": "prod" },
      sampler: { parentBased: true, root: "traceidratio", ratio: 0.25 },
      // A batch cannot be larger than the queue it is taken from.
      batch: { scheduledDelayMs: 200, maxQueueSize: 100, maxExportBatchSize: 100 },
    });
    expect(t.headers).not.toHaveProperty("x-general");
    expect(tracing({ OTEL_TRACES_EXPORTER: "otlp", OTEL_SERVICE_NAME: "gw-eu", OTEL_RESOURCE_ATTRIBUTES: "service.name=other" })!.serviceName).toBe("gw-eu");
    expect(tracing({ OTEL_TRACES_EXPORTER: "otlp", OTEL_TRACES_SAMPLER: "always_off" })!.sampler).toEqual({ parentBased: false, root: "always_off", ratio: 1 });
  });
});

describe("tracing configuration errors: one line, the variable named, secrets not echoed", () => {
  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" }, "OTEL_EXPORTER_OTLP_ENDPOINT"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "grpc://collector:4317" }, "OTEL_EXPORTER_OTLP_ENDPOINT"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://user:hunter2@collector:4318" }, "OTEL_EXPORTER_OTLP_ENDPOINT"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318?token=hunter2" }, "OTEL_EXPORTER_OTLP_ENDPOINT"],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "ftp://collector/hunter2" }, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"],
    [{ OTEL_TRACES_EXPORTER: "jaeger" }, "OTEL_TRACES_EXPORTER"],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }, "OTEL_EXPORTER_OTLP_PROTOCOL"],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: "brotli" }, "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_HEADERS: "x-api-key" }, "OTEL_EXPORTER_OTLP_HEADERS"],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_TRACES_HEADERS: "bad header=hunter2" }, "OTEL_EXPORTER_OTLP_TRACES_HEADERS"],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=%E0%A4%Ahunter2" }, "OTEL_EXPORTER_OTLP_HEADERS"],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_RESOURCE_ATTRIBUTES: "=hunter2" }, "OTEL_RESOURCE_ATTRIBUTES"],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_TIMEOUT: "soon" }, "OTEL_EXPORTER_OTLP_TIMEOUT"],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_TRACES_SAMPLER: "sometimes" }, "OTEL_TRACES_SAMPLER"],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "1.5" }, "OTEL_TRACES_SAMPLER_ARG"],
    [{ OTEL_BSP_SCHEDULE_DELAY: "-5" }, "OTEL_BSP_SCHEDULE_DELAY"],
  ])("%j -> %s", (env, variable) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).not.toContain("\n");
    expect(error.message).not.toContain("hunter2");
  });
});

describe("tracing configuration errors: the fix each message gives", () => {
  const otlp = { OTEL_TRACES_EXPORTER: "otlp" };
  const pairs = "must be a comma-separated list of key=value pairs with percent-encoded values, e.g. x-api-key=abc123";
  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" }, "OTEL_EXPORTER_OTLP_ENDPOINT: is not a URL; give the collector's OTLP/HTTP address, e.g. http://otel-collector:4318"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "grpc://collector:4317" }, "OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL (OTLP over HTTP; gRPC is not supported), e.g. http://otel-collector:4318"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://user@collector:4318/" }, "OTEL_EXPORTER_OTLP_ENDPOINT: must not carry credentials or a fragment; send credentials with OTEL_EXPORTER_OTLP_HEADERS"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://:pw@collector:4318/" }, "OTEL_EXPORTER_OTLP_ENDPOINT: must not carry credentials or a fragment; send credentials with OTEL_EXPORTER_OTLP_HEADERS"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/#x" }, "OTEL_EXPORTER_OTLP_ENDPOINT: must not carry credentials or a fragment; send credentials with OTEL_EXPORTER_OTLP_HEADERS"],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/?a=1" },
      "OTEL_EXPORTER_OTLP_ENDPOINT: must not carry a query (the traces path is appended to it); use OTEL_EXPORTER_OTLP_TRACES_ENDPOINT for a full URL",
    ],
    [{ ...otlp, OTEL_RESOURCE_ATTRIBUTES: "a=1,novalue" }, `OTEL_RESOURCE_ATTRIBUTES: ${pairs}`],
    [{ ...otlp, OTEL_RESOURCE_ATTRIBUTES: " =1" }, `OTEL_RESOURCE_ATTRIBUTES: ${pairs}`],
    [{ ...otlp, OTEL_EXPORTER_OTLP_HEADERS: "x-key=%zz" }, `OTEL_EXPORTER_OTLP_HEADERS: ${pairs}`],
    [{ ...otlp, OTEL_EXPORTER_OTLP_TIMEOUT: "99" }, 'OTEL_EXPORTER_OTLP_TIMEOUT: must be an integer from 100 to 600000, got "99"'],
    [{ ...otlp, OTEL_EXPORTER_OTLP_TIMEOUT: "600001" }, 'OTEL_EXPORTER_OTLP_TIMEOUT: must be an integer from 100 to 600000, got "600001"'],
  ])("%j", (env, message) => {
    expect(configError(env).message).toBe(message);
  });

  it("takes one-character keys, a resource attribute key a header could not have, and the range's ends", () => {
    const config = tracing({ ...otlp, OTEL_RESOURCE_ATTRIBUTES: "k=v,bad key=ok", OTEL_EXPORTER_OTLP_HEADERS: "x=1", OTEL_EXPORTER_OTLP_TIMEOUT: "100" })!;
    expect(config.resourceAttributes).toEqual({ k: "v", "bad key": "ok" });
    expect(config.headers).toEqual({ x: "1" });
    expect(config.timeoutMs).toBe(100);
    expect(tracing({ ...otlp, OTEL_EXPORTER_OTLP_TIMEOUT: "600000" })!.timeoutMs).toBe(600_000);
    // Blank items are skipped, exporter names trimmed and in any case.
    expect(tracing({ ...otlp, OTEL_RESOURCE_ATTRIBUTES: "a=1, ,b=2" })!.resourceAttributes).toEqual({ a: "1", b: "2" });
    // " OTLP " is the otlp exporter: tracing on, to the default endpoint.
    expect(tracing({ OTEL_TRACES_EXPORTER: " OTLP " })).toMatchObject({ endpoint: "http://localhost:4318/v1/traces" });
  });
});

describe("sampler, exporter, protocol and compression: accepted values and exact fixes", () => {
  const otlp = { OTEL_TRACES_EXPORTER: "otlp" };
  const sampler = (env: NodeJS.ProcessEnv) => tracing({ ...otlp, ...env })!.sampler;

  it("a ratio from 0 to 1 inclusive, only for the traceidratio samplers; without an argument, 1", () => {
    expect(sampler({ OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "0" }).ratio).toBe(0);
    expect(sampler({ OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "1" })).toEqual({ parentBased: true, root: "traceidratio", ratio: 1 });
    expect(sampler({ OTEL_TRACES_SAMPLER: "traceidratio" }).ratio).toBe(1);
    // Other samplers ignore the argument, as the specification says.
    expect(sampler({ OTEL_TRACES_SAMPLER: "always_on", OTEL_TRACES_SAMPLER_ARG: "lots" })).toEqual({ parentBased: false, root: "always_on", ratio: 1 });
  });

  it.each(["-0.01", "1.01", "half", "Infinity"])("refuses the ratio %s with its fix", (arg) => {
    expect(configError({ ...otlp, OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: arg }).message).toBe(
      `OTEL_TRACES_SAMPLER_ARG: must be a number from 0 to 1 (the share of traces kept), got "${arg}"`,
    );
  });

  it.each([
    [{ OTEL_TRACES_SAMPLER: "sometimes" }, "OTEL_TRACES_SAMPLER: must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio (default parentbased_always_on)"],
    [{ OTEL_TRACES_EXPORTER: "otlp,zipkin" }, "OTEL_TRACES_EXPORTER: must be otlp or none: the gateway exports traces over OTLP/HTTP only"],
    [{ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "grpc" }, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: must be http/protobuf (the default) or http/json: the gateway ships the OTLP/HTTP exporters only"],
    [{ OTEL_EXPORTER_OTLP_COMPRESSION: "deflate" }, "OTEL_EXPORTER_OTLP_COMPRESSION: must be gzip or none (the default)"],
  ])("%j", (env, message) => {
    expect(configError({ ...otlp, ...env }).message).toBe(message);
  });

  it("takes both protocols and both compressions", () => {
    expect(tracing({ ...otlp, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_EXPORTER_OTLP_COMPRESSION: "gzip" })).toMatchObject({ protocol: "http/json", compression: "gzip" });
    expect(tracing({ ...otlp, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/protobuf", OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: "none" })).toMatchObject({
      protocol: "http/protobuf",
      compression: "none",
    });
  });
});
