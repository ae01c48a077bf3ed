import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { connect } from "node:net";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DocumentValuesTwiceDocument, MediaUrlsDocument, SessionStateDocument, ThreeRefsDocument } from "../generated/graphql.js";
import { demoSession, demoSessions } from "../support/demo-data.js";
import { startStack, type GraphQLResponse, type Stack } from "../support/stack.js";
import { sleep, until } from "../support/wait.js";

const approved = demoSession("approved").session_id as string;
const ongoing = demoSession("ongoing").session_id as string;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** POSTs a typed document and keeps the response headers (the request id). */
async function gql<R, V>(stack: Stack, doc: TypedDocumentNode<R, V>, variables: V, headers: Record<string, string> = {}) {
  const res = await fetch(stack.gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  return { status: res.status, reqId: res.headers.get("x-request-id")!, body: (await res.json()) as GraphQLResponse<R> };
}

/** The "request" log lines of one request id; waits for the first (it is written on the response's finish event). */
async function requestLines(stack: Stack, reqId: string): Promise<Record<string, any>[]> {
  const find = () => stack.logs.records().filter((r) => r.msg === "request" && r.reqId === reqId);
  await until(() => find().length > 0, { timeoutMs: 2_000, what: `the request line of ${reqId}` });
  // A second line for the same id (the bug this guards against) would follow at once.
  await sleep(20);
  return find();
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ tuning: { retries: 1 } });
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.emulator.clearFaults();
  stack.emulator.resetStats();
});

describe("one request log line per GraphQL request", () => {
  it("aliases: the caller's X-Request-Id is echoed and logged with route, status, duration, loads and upstream GETs", async () => {
    const started = performance.now();
    const res = await gql(stack, ThreeRefsDocument, { id: approved }, { "x-request-id": "obs-aliases.1_A" });
    const elapsed = performance.now() - started;
    expect(res.body.errors).toBeUndefined();
    expect(res.reqId).toBe("obs-aliases.1_A");
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 1 });
    const lines = await requestLines(stack, res.reqId);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({ level: 30, method: "POST", route: "/graphql", status: 200 });
    // The server's time for the request: some (an upstream GET was made), within what the caller waited.
    expect(line.durationMs).toBeGreaterThan(0);
    expect(line.durationMs).toBeLessThanOrEqual(elapsed);
    expect(line.graphql).toEqual({
      operationName: "ThreeRefs",
      operationType: "query",
      upstream: { sessionGets: 1, mediaGets: 0 },
      loads: { sessions: 3, media: 0 },
      codes: [],
    });
  });

  it("media reads: upstream.mediaGets is what the emulator served, and repeated references are loads, not GETs", async () => {
    const res = await gql(stack, DocumentValuesTwiceDocument, { id: approved });
    expect(res.body.errors).toBeUndefined();
    const seen = stack.emulator.stats();
    const mediaGets = Object.values(seen.mediaGets).reduce((a, b) => a + b, 0);
    expect(mediaGets).toBeGreaterThan(0);
    const [line] = await requestLines(stack, res.reqId);
    expect(line!.graphql.operationName).toBe("DocumentValuesTwice");
    expect(line!.graphql.upstream).toEqual({ sessionGets: seen.sessionGets[approved], mediaGets });
    expect(line!.graphql.loads.sessions).toBe(2);
    expect(line!.graphql.loads.media).toBeGreaterThan(mediaGets);
  });

  it("an error lists its code; an unusable X-Request-Id is replaced by a fresh UUID", async () => {
    for (const given of ["has spaces/and slashes", "x".repeat(65)]) {
      const res = await gql(stack, SessionStateDocument, { id: randomUUID() }, { "x-request-id": given });
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(["NOT_FOUND"]);
      expect(res.reqId).not.toBe(given);
      expect(res.reqId).toMatch(UUID);
      const lines = await requestLines(stack, res.reqId);
      expect(lines).toHaveLength(1);
      expect(lines[0]!.graphql).toMatchObject({ operationName: "SessionState", upstream: { sessionGets: 1, mediaGets: 0 }, codes: ["NOT_FOUND"] });
      expect(JSON.stringify(stack.logs.lines)).not.toContain(given);
    }
  });

  it("concurrent requests, a malformed body included, each get exactly one line under their own id", async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `obs-concurrent-${i}`);
    const results = await Promise.all([
      ...ids.slice(0, 5).map((id) => gql(stack, SessionStateDocument, { id: approved }, { "x-request-id": id })),
      stack.post("{not json", { "x-request-id": ids[5]! }),
    ]);
    expect(results[5]!.status).toBe(400);
    for (const [i, id] of ids.entries()) {
      const lines = await requestLines(stack, id);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ route: "/graphql", status: i === 5 ? 400 : 200 });
    }
  });
});

describe("upstream attempts at debug level", () => {
  it("carry the endpoint template, status and duration, a retry is visible, and no line holds an id or URL", async () => {
    const from = stack.logs.lines.length;
    stack.emulator.setFault(ongoing, { status: 500, times: 1 });
    expect((await gql(stack, SessionStateDocument, { id: ongoing })).body.data?.session?.state).toBe("ONGOING");
    expect((await gql(stack, DocumentValuesTwiceDocument, { id: approved })).body.errors).toBeUndefined();
    await sleep(20);
    const fresh = stack.logs.records().slice(from);
    const attempts = fresh.filter((r) => r.msg === "upstream attempt");
    expect(attempts.every((a) => a.level === 20 && typeof a.durationMs === "number")).toBe(true);
    expect(attempts.map((a) => `${a.upstream} ${a.status}`).sort()).toEqual(
      [
        "GET /sessions/:id 500",
        "GET /sessions/:id 200",
        "GET /sessions/:id 200",
        ...Object.values(stack.emulator.stats().mediaGets).flatMap((n) => Array<string>(n).fill("GET /sessions/:id/media/:mediaId/content 200")),
      ].sort(),
    );
    expect(fresh.filter((r) => r.msg === "upstream retry")).toEqual([expect.objectContaining({ upstream: "GET /sessions/:id" })]);
    const all = stack.logs.lines.join("\n");
    const mediaIds = Object.keys(stack.emulator.stats().mediaGets).map((k) => k.split("/")[1]!);
    for (const needle of [...demoSessions().map((s) => s.body.session_id as string), ...mediaIds, "http://", "/idverify", stack.emulator.sdkId]) {
      expect(all).not.toContain(needle);
    }
  });
});

describe("media route log", () => {
  it("logs the route template and never the token, for a served and a refused media", async () => {
    const res = await gql(stack, MediaUrlsDocument, { id: approved });
    const url = JSON.stringify(res.body.data).match(/"url":"([^"]+)"/)![1]!;
    const token = url.split("/media/")[1]!;
    const served = await fetch(url, { headers: { "x-request-id": "obs-media-ok" } });
    expect(served.status).toBe(200);
    await served.arrayBuffer();
    const refused = await fetch(`${url.slice(0, -4)}AAAA`, { headers: { "x-request-id": "obs-media-bad" } });
    expect(refused.status).toBe(403);
    await refused.text();
    for (const [id, status] of [["obs-media-ok", 200], ["obs-media-bad", 403]] as const) {
      const lines = await requestLines(stack, id);
      expect(lines).toEqual([expect.objectContaining({ method: "GET", route: "/media/:token", status })]);
      expect(lines[0]!.graphql).toBeUndefined();
    }
    const all = stack.logs.lines.join("\n");
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.split(".")[0]!);
  });
});

type Sample = { name: string; labels: Record<string, string>; value: number };
function parseMetrics(text: string): Sample[] {
  return text
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const m = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(l)!;
      const labels: Record<string, string> = {};
      for (const [, k, v] of (m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}
const value = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);

describe("Prometheus metrics", () => {
  it("count requests, outcomes, upstream attempts, retries and loader hits, with templates and codes as labels only", async () => {
    const own = await startStack({ tuning: { retries: 1 } });
    try {
      const missing = randomUUID();
      expect((await gql(own, ThreeRefsDocument, { id: approved })).body.errors).toBeUndefined();
      expect((await gql(own, SessionStateDocument, { id: missing })).body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      own.emulator.setFault(ongoing, { status: 500, times: 1 });
      expect((await gql(own, SessionStateDocument, { id: ongoing })).body.errors).toBeUndefined();
      expect((await fetch(new URL("/health/live", own.gateway.url))).status).toBe(200);
      const res = await fetch(new URL("/metrics", own.gateway.url));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await res.text();
      const s = parseMetrics(text);
      expect(value(s, "idv_graph_http_requests_total", { route: "/graphql", status: "200" })).toBe(3);
      expect(value(s, "idv_graph_http_requests_total", { route: "/health/live", status: "200" })).toBe(1);
      expect(value(s, "idv_graph_graphql_operations_total", { type: "query", outcome: "ok" })).toBe(2);
      expect(value(s, "idv_graph_graphql_operations_total", { type: "query", outcome: "NOT_FOUND" })).toBe(1);
      const bucket = (status: string) =>
        value(s, "idv_graph_upstream_request_duration_seconds_bucket", { endpoint: "GET /sessions/:id", status, le: "+Inf" });
      expect([bucket("200"), bucket("404"), bucket("500")]).toEqual([2, 1, 1]);
      expect(value(s, "idv_graph_upstream_request_duration_seconds_count", { endpoint: "GET /sessions/:id" })).toBe(4);
      expect(value(s, "idv_graph_upstream_retries_total", { endpoint: "GET /sessions/:id" })).toBe(1);
      const loads = value(s, "idv_graph_loader_loads_total", { loader: "session" });
      const fetches = value(s, "idv_graph_loader_fetches_total", { loader: "session" });
      expect(fetches).toBe(3);
      expect(loads).toBeGreaterThan(fetches);
      expect(loads).toBe(5);
      // No label anywhere carries a session id (or any UUID), and the ids appear nowhere in the text.
      expect(s.flatMap((x) => Object.values(x.labels)).filter((v) => UUID.test(v))).toEqual([]);
      for (const id of [approved, ongoing, missing]) expect(text).not.toContain(id);
    } finally {
      await own.close();
    }
  });
});

describe("network failures are attempts too", () => {
  it("a reset connection, retried twice, counts three attempts with status network and two retries", async () => {
    const own = await startStack();
    try {
      own.emulator.setFault(ongoing, { reset: true });
      expect((await gql(own, SessionStateDocument, { id: ongoing })).body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
      expect(own.emulator.stats().sessionGets[ongoing]).toBe(3);
      const s = parseMetrics(await (await fetch(new URL("/metrics", own.gateway.url))).text());
      expect(value(s, "idv_graph_upstream_request_duration_seconds_count", { endpoint: "GET /sessions/:id", status: "network" })).toBe(3);
      expect(value(s, "idv_graph_upstream_retries_total", { endpoint: "GET /sessions/:id" })).toBe(2);
      const attempts = own.logs.records().filter((r) => r.msg === "upstream attempt");
      expect(attempts.map((a) => [a.status, a.attempt])).toEqual([
        ["network", 1],
        ["network", 2],
        ["network", 3],
      ]);
    } finally {
      await own.close();
    }
  });
});

describe("health probes", () => {
  it("live and ready answer 200", async () => {
    const live = await fetch(new URL("/health/live", stack.gateway.url));
    expect([live.status, await live.json()]).toEqual([200, { status: "ok" }]);
    const ready = await fetch(new URL("/health/ready", stack.gateway.url));
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready" }]);
  });

  it("close() lets an in-flight request finish (its answer closes the connection), drops one pipelined behind it without upstream work, and the port then refuses", async () => {
    const own = await startStack();
    try {
      const url = new URL(own.gateway.url);
      expect((await fetch(new URL("/health/ready", url))).status).toBe(200);
      own.emulator.setFault(approved, { delayMs: 800, times: 1 });
      const socket = connect(Number(url.port), url.hostname);
      await once(socket, "connect");
      let raw = "";
      socket.on("data", (d: Buffer) => (raw += d.toString("utf8")));
      const ended = once(socket, "end");
      const body = JSON.stringify({ query: print(SessionStateDocument), variables: { id: approved } });
      socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      await until(() => (own.emulator.stats().sessionGets[approved] ?? 0) > 0, { timeoutMs: 2_000, what: "the first request's upstream GET" });
      expect(own.emulator.stats().sessionGets[approved]).toBe(1);
      const closing = own.gateway.close();
      // A second request on the same (busy) connection arrives after the port closed (no grace period here).
      socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      await ended;
      await closing;
      const responses = raw.split(/(?=HTTP\/1\.1 )/);
      // The pipelined request was refused before any work; the connection closes after the first answer.
      expect(responses).toHaveLength(1);
      expect(responses[0]).toMatch(/^HTTP\/1\.1 200/);
      expect(responses[0]).toContain(`"id":"${approved}"`);
      expect(responses[0]).toMatch(/\r\nConnection: close\r\n/i);
      expect(own.emulator.stats().sessionGets[approved]).toBe(1);
      await expect(fetch(new URL("/health/ready", url))).rejects.toThrow();
      await expect(new Promise((resolve, reject) => connect(Number(url.port), url.hostname).on("connect", resolve).on("error", reject))).rejects.toMatchObject({
        code: "ECONNREFUSED",
      });
    } finally {
      await own.emulator.close();
    }
  });
});
