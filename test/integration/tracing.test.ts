import { randomBytes, randomUUID } from "node:crypto";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { apiKeyEntry } from "../support/tokens.js";
import { DocumentValuesDocument, MediaUrlsDocument, SessionStateDocument, ThreeRefsDocument } from "../generated/graphql.js";
import { demoSession, demoSessions } from "../support/demo-data.js";
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "../support/otlp-receiver.js";
import { startStack, type GraphQLResponse, type Stack } from "../support/stack.js";
import { LISTENING, logRecords, spawnGateway } from "../support/gateway-process.js";
import { until } from "../support/wait.js";

const INTERNAL = 1;
const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const approved = demoSession("approved").session_id as string;
const ongoing = demoSession("ongoing").session_id as string;
const API_KEY = `tk_${randomUUID()}`;
const bearer = { authorization: `Bearer ${API_KEY}` };

/** A W3C traceparent from a caller that already started a trace. */
function caller(sampled = true) {
  const traceId = randomBytes(16).toString("hex");
  const spanId = randomBytes(8).toString("hex");
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-${sampled ? "01" : "00"}` };
}

let receiver: OtlpReceiver;
let stack: Stack;
/** Every media URL token this file saw: none may reach a span. */
const mediaTokens: string[] = [];

async function gql<R, V>(doc: TypedDocumentNode<R, V>, variables: V, headers: Record<string, string> = {}) {
  const res = await fetch(stack.gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...bearer, ...headers },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<R> };
}

/** The spans of one trace, once its server span (which ends last) has arrived. */
async function traceOf(traceId: string): Promise<ReceivedSpan[]> {
  const all = await receiver.waitFor((spans) => spans.some((s) => s.traceId === traceId && s.kind === SERVER));
  return all.filter((s) => s.traceId === traceId);
}

function only(spans: ReceivedSpan[], predicate: (s: ReceivedSpan) => boolean): ReceivedSpan {
  const found = spans.filter(predicate);
  expect(found, JSON.stringify(spans.map((s) => s.name))).toHaveLength(1);
  return found[0]!;
}

const attempt = (s: ReceivedSpan) => s.attributes["idv_graph.upstream.attempt"] as number;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  const tracing = loadConfig({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_BSP_SCHEDULE_DELAY: "20",
    OTEL_SERVICE_NAME: "idv-graph-under-test",
  }).tracing;
  // The standard variables turned tracing on, to the receiver, under the name the spans must carry.
  expect(tracing).toMatchObject({ endpoint: `${receiver.url}/v1/traces`, protocol: "http/json", serviceName: "idv-graph-under-test" });
  stack = await startStack({
    tracing,
    tuning: { retries: 1 },
    emulator: { sdkId: randomUUID() },
    auth: { apiKeys: [apiKeyEntry("tracing-test", API_KEY, ["sessions:read", "pii:read", "media:read"])] },
  });
});
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});
beforeEach(() => {
  stack.emulator.clearFaults();
  stack.emulator.resetStats();
});

describe("the span tree of a GraphQL request", () => {
  it("HTTP request -> GraphQL operation -> upstream attempts, a retry as attempt 2 with its reason, under the caller's trace", async () => {
    const parent = caller();
    stack.emulator.setFault(ongoing, { status: 500, times: 1 });
    const res = await gql(SessionStateDocument, { id: ongoing }, { traceparent: parent.traceparent, tracestate: "vendor=opaque-1" });
    expect(res.body.data?.session?.state).toBe("ONGOING");
    expect(stack.emulator.stats().sessionGets).toEqual({ [ongoing]: 2 });

    const spans = await traceOf(parent.traceId);
    const http = only(spans, (s) => s.kind === SERVER);
    expect(http).toMatchObject({
      name: "POST /graphql",
      parentSpanId: parent.spanId,
      attributes: { "http.request.method": "POST", "http.route": "/graphql", "http.response.status_code": 200 },
      resource: { "service.name": "idv-graph-under-test" },
    });
    expect(http.status.code ?? 0).not.toBe(ERROR);

    const operation = only(spans, (s) => s.parentSpanId === http.spanId);
    expect(operation).toMatchObject({
      name: "query SessionState",
      kind: INTERNAL,
      attributes: { "graphql.operation.type": "query", "graphql.operation.name": "SessionState", "idv_graph.upstream.session_gets": 1, "idv_graph.loader.session_loads": 1 },
    });

    const attempts = spans.filter((s) => s.kind === CLIENT).sort((a, b) => attempt(a) - attempt(b));
    // What both attempts share: the operation as parent, the route template, the server (its port checked below).
    const sessionGet = {
      parent: operation.spanId,
      name: "GET /sessions/:id",
      "http.request.method": "GET",
      "url.template": "/sessions/:id",
      "server.address": "127.0.0.1",
      "server.port": undefined,
    };
    expect(attempts.map((a) => ({ parent: a.parentSpanId, name: a.name, ...a.attributes, "server.port": undefined }))).toEqual([
      { ...sessionGet, "idv_graph.upstream.attempt": 1, "http.response.status_code": 500, "error.type": "500" },
      { ...sessionGet, "idv_graph.upstream.attempt": 2, "http.request.resend_count": 1, "idv_graph.upstream.retry_reason": "500", "http.response.status_code": 200 },
    ]);
    expect(attempts.map((a) => a.status.code ?? 0)).toEqual([ERROR, 0]);
    expect(attempts[0]!.attributes["server.port"]).toBe(Number(new URL(stack.emulator.baseUrl).port));
    expect(spans).toHaveLength(4);
    // The caller's tracestate travels with every span of its trace.
    expect(spans.map((s) => s.traceState)).toEqual(spans.map(() => "vendor=opaque-1"));
  });

  it("media reads for personal data are attempts under the operation too, one per media fetched", async () => {
    const parent = caller();
    const res = await gql(DocumentValuesDocument, { id: approved }, { traceparent: parent.traceparent });
    expect(res.body.errors).toBeUndefined();
    const mediaGets = Object.values(stack.emulator.stats().mediaGets).reduce((a, b) => a + b, 0);
    expect(mediaGets).toBeGreaterThan(0);

    const spans = await traceOf(parent.traceId);
    const operation = only(spans, (s) => s.name === "query DocumentValues");
    const attempts = spans.filter((s) => s.kind === CLIENT);
    expect(attempts.every((a) => a.parentSpanId === operation.spanId)).toBe(true);
    expect(attempts.filter((a) => a.name === "GET /sessions/:id")).toHaveLength(1);
    expect(attempts.filter((a) => a.name === "GET /sessions/:id/media/:mediaId/content")).toHaveLength(mediaGets);
    expect(operation.attributes).toMatchObject({ "idv_graph.upstream.session_gets": 1, "idv_graph.upstream.media_gets": mediaGets });
  });

  it("errors: the operation carries the codes, a 404 attempt is an error with its status, a parse failure is a nameless operation", async () => {
    const parent = caller();
    const res = await gql(SessionStateDocument, { id: randomUUID() }, { traceparent: parent.traceparent });
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(["NOT_FOUND"]);
    const spans = await traceOf(parent.traceId);
    const operation = only(spans, (s) => s.kind === INTERNAL);
    expect(operation.status).toMatchObject({ code: ERROR, message: "NOT_FOUND" });
    expect(operation.attributes["idv_graph.graphql.error_codes"]).toEqual(["NOT_FOUND"]);
    expect(only(spans, (s) => s.kind === CLIENT)).toMatchObject({ attributes: { "http.response.status_code": 404, "error.type": "404" }, status: { code: ERROR } });

    const broken = caller();
    const bad = await fetch(stack.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: broken.traceparent, ...bearer },
      body: JSON.stringify({ query: 'query Leaky { session(id: "JANE ALICE SPECIMEN 925076473") {' }),
    });
    expect(bad.status).toBe(400);
    await bad.text();
    const failed = await traceOf(broken.traceId);
    expect(only(failed, (s) => s.kind === SERVER).attributes["http.response.status_code"]).toBe(400);
    const nameless = only(failed, (s) => s.kind === INTERNAL);
    expect(nameless.name).toBe("GraphQL Operation");
    expect(nameless.attributes["graphql.operation.name"]).toBeUndefined();
    expect(nameless.status).toMatchObject({ code: ERROR, message: "GRAPHQL_PARSE_FAILED" });
    expect(failed.filter((s) => s.kind === CLIENT)).toEqual([]);
  });
});

describe("traces the caller did not start, or did not sample", () => {
  it("no traceparent (or a malformed one) starts a trace here; an unsampled traceparent records nothing", async () => {
    const unsampled = caller(false);
    expect((await gql(SessionStateDocument, { id: approved }, { traceparent: unsampled.traceparent })).body.errors).toBeUndefined();
    expect((await gql(ThreeRefsDocument, { id: approved })).body.errors).toBeUndefined();
    expect((await gql(SessionStateDocument, { id: ongoing }, { traceparent: "00-not-a-trace-01" })).body.errors).toBeUndefined();

    const spans = await receiver.waitFor((all) => all.some((s) => s.name === "query ThreeRefs") && all.filter((s) => s.kind === SERVER && s.parentSpanId === "").length >= 2);
    const threeRefs = only(spans, (s) => s.name === "query ThreeRefs");
    const root = only(spans, (s) => s.spanId === threeRefs.parentSpanId);
    expect(root).toMatchObject({ kind: SERVER, parentSpanId: "", traceId: threeRefs.traceId });
    // The caller's choice not to sample is honoured (parent-based sampling): its trace id never shows up.
    await stack.tracing.forceFlush();
    expect(receiver.spans().filter((s) => s.traceId === unsampled.traceId)).toEqual([]);
  });
});

describe("other routes", () => {
  it("a media URL is traced by its route template, never its token; its upstream attempt is the child", async () => {
    const urls = JSON.stringify((await gql(MediaUrlsDocument, { id: approved })).body.data).match(/"url":"([^"]+)"/g)!.map((m) => m.slice(7, -1));
    expect(urls.length).toBeGreaterThan(0);
    mediaTokens.push(...urls.map((u) => u.split("/media/")[1]!));
    const parent = caller();
    const served = await fetch(urls[0]!, { headers: { traceparent: parent.traceparent } });
    expect(served.status).toBe(200);
    await served.arrayBuffer();
    const spans = await traceOf(parent.traceId);
    const http = only(spans, (s) => s.kind === SERVER);
    expect(http).toMatchObject({ name: "GET /media/:token", parentSpanId: parent.spanId, attributes: { "http.route": "/media/:token", "http.response.status_code": 200 } });
    expect(only(spans, (s) => s.kind === CLIENT)).toMatchObject({
      name: "GET /sessions/:id/media/:mediaId/content",
      parentSpanId: http.spanId,
      attributes: { "idv_graph.upstream.attempt": 1, "http.response.status_code": 200 },
    });

    const tampered = caller();
    const refused = await fetch(`${urls[0]!.slice(0, -4)}AAAA`, { headers: { traceparent: tampered.traceparent } });
    expect(refused.status).toBe(403);
    await refused.text();
    const refusedSpans = await traceOf(tampered.traceId);
    expect(refusedSpans.map((s) => [s.name, s.attributes["http.response.status_code"]])).toEqual([["GET /media/:token", 403]]);
  });

  it("health probes and metric scrapes make no spans; an unknown path is named by its method alone", async () => {
    const probes = [caller(), caller(), caller()];
    for (const [i, path] of ["/health/live", "/health/ready", "/metrics"].entries()) {
      const res = await fetch(new URL(path, stack.gateway.url), { headers: { traceparent: probes[i]!.traceparent } });
      expect(res.status).toBe(200);
      await res.text();
    }
    const unknown = caller();
    const path = `/sessions/${approved}`;
    const res = await fetch(new URL(path, stack.gateway.url), { headers: { traceparent: unknown.traceparent } });
    expect(res.status).toBe(404);
    await res.text();
    const spans = await traceOf(unknown.traceId);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ name: "GET", attributes: { "http.request.method": "GET", "http.response.status_code": 404 } });
    expect(spans[0]!.attributes["http.route"]).toBeUndefined();
    await stack.tracing.forceFlush();
    for (const probe of probes) expect(receiver.spans().filter((s) => s.traceId === probe.traceId)).toEqual([]);
  });

  it("a caller refused before GraphQL runs (401) has the request span only", async () => {
    const parent = caller();
    const res = await fetch(stack.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: parent.traceparent, authorization: `Bearer ${API_KEY}x` },
      body: JSON.stringify({ query: print(SessionStateDocument), variables: { id: approved } }),
    });
    expect(res.status).toBe(401);
    await res.text();
    const spans = await traceOf(parent.traceId);
    expect(spans.map((s) => [s.name, s.attributes["http.response.status_code"]])).toEqual([["POST /graphql", 401]]);
    expect(stack.emulator.stats().total).toBe(0);
  });
});

describe("a collector that is down", () => {
  it("costs one warning (no URL in it) and no request", async () => {
    const gone = await startOtlpReceiver();
    await gone.close();
    const own = await startStack({
      tracing: loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: gone.url, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_BSP_SCHEDULE_DELAY: "20", OTEL_EXPORTER_OTLP_TIMEOUT: "2000" }).tracing,
    });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(own.gateway.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: print(SessionStateDocument), variables: { id: approved } }),
        });
        expect(((await res.json()) as GraphQLResponse<{ session: { state: string } }>).data?.session.state).toBe("COMPLETED");
      }
      const warnings = () => own.logs.records().filter((r) => r.level === 40 && String(r.msg).includes("span export"));
      await until(() => warnings().length > 0, { timeoutMs: 10_000, what: "the export warning" });
      await own.tracing.forceFlush();
      expect(warnings()).toHaveLength(1);
      expect(JSON.stringify(warnings())).not.toMatch(/127\.0\.0\.1|http:/);
    } finally {
      await own.close();
    }
  }, 30_000);
});

describe("nothing personal or secret in any span", () => {
  it("no session or media id, personal value, SDK id, nonce, signature, key, token, URL or query text in what was exported", async () => {
    // A last request whose variables carry personal text.
    await gql(SessionStateDocument, { id: "JANE ALICE SPECIMEN 1988-04-12" });
    await stack.tracing.forceFlush();
    const spans = receiver.spans();
    expect(spans.length).toBeGreaterThan(20);
    expect(mediaTokens.length).toBeGreaterThan(0);

    const exported = receiver.exports.map((e) => e.body.toString("utf8")).join("\n");
    const needles = [
      ...demoSessions().map((s) => s.body.session_id as string),
      ...mediaTokens,
      ...mediaTokens.map((t) => t.split(".")[0]!),
      "JANE ALICE SPECIMEN",
      "925076473",
      "1988-04-12",
      "SPECIMEN",
      stack.emulator.sdkId,
      API_KEY,
      stack.emulator.baseUrl,
      "/idverify",
      "nonce",
      "sdkId",
      "timestamp=",
      "x-yoti-auth-digest",
      "authorization",
      "Bearer",
      "session(id:",
      "variables",
    ];
    const found = needles.filter((n) => exported.toLowerCase().includes(n.toLowerCase()));
    expect(found).toEqual([]);
    // No id of any kind: no attribute value or span name holds a UUID, and no URL with a path or query.
    const texts = spans.flatMap((s) => [s.name, ...Object.values(s.attributes).flat().map(String), s.status.message ?? ""]);
    expect(texts.filter((t) => UUID.test(t) || /https?:\/\//.test(t) || t.includes("?"))).toEqual([]);
    // The span names are exactly the templates.
    expect([...new Set(spans.map((s) => s.name))].sort()).toEqual(
      [
        "GET",
        "GET /media/:token",
        "GET /sessions/:id",
        "GET /sessions/:id/media/:mediaId/content",
        "GraphQL Operation",
        "POST /graphql",
        "query DocumentValues",
        "query MediaUrls",
        "query SessionState",
        "query ThreeRefs",
      ].sort(),
    );
  });
});

describe("the entry point, configured by the standard variables", () => {
  it("exports OTLP/protobuf by default to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces, and flushes the last spans on SIGTERM", async () => {
    const own = await startOtlpReceiver();
    const main = spawnGateway({ OTEL_EXPORTER_OTLP_ENDPOINT: `${own.url}/` });
    try {
      const url = (await main.waitFor(LISTENING))[1]!;
      // pino writes asynchronously: its JSON line may come just after the plain "listening on" line.
      const logLine = () => logRecords(main.out()).find((r) => r.msg === "idv-graph listening");
      await until(() => logLine() !== undefined, { timeoutMs: 2_000, what: "the JSON listening line" });
      const listening = logLine();
      expect(listening?.tracing).toBe(own.url);
      const parent = caller();
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", traceparent: parent.traceparent },
        body: JSON.stringify({ query: print(SessionStateDocument), variables: { id: approved } }),
      });
      expect(((await res.json()) as GraphQLResponse<{ session: { state: string } }>).data?.session.state).toBe("COMPLETED");
      // The batch processor waits 5 s by default: the spans leave now only because shutdown flushes them.
      main.proc.kill("SIGTERM");
      expect(await main.closed).toBe(0);
      expect(main.err()).toBe("");
      expect(own.exports.length).toBeGreaterThan(0);
      expect(own.exports.every((e) => e.path === "/v1/traces" && e.contentType === "application/x-protobuf")).toBe(true);
      // Protobuf carries ids as raw bytes and strings as UTF-8: enough to find them without the .proto files.
      const body = Buffer.concat(own.exports.map((e) => e.body));
      for (const part of [Buffer.from(parent.traceId, "hex"), Buffer.from(parent.spanId, "hex"), ...["idv-graph", "POST /graphql", "query SessionState", "GET /sessions/:id"].map((t) => Buffer.from(t))]) {
        expect(body.includes(part)).toBe(true);
      }
      expect(body.includes(Buffer.from(approved))).toBe(false);
      expect(body.toString("latin1")).not.toMatch(/nonce|sdkId|idverify/i);
    } finally {
      main.proc.kill("SIGKILL");
      await own.close();
    }
  }, 60_000);

  it("a malformed endpoint stops the start with one line naming the variable, without echoing the value", async () => {
    const main = spawnGateway({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318 secret-token" });
    expect(await main.closed).toBe(1);
    const lines = main.err().split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: OTEL_EXPORTER_OTLP_ENDPOINT: /);
    expect(lines[0]).not.toContain("secret-token");
  }, 60_000);
});
