import { randomUUID } from "node:crypto";
import { IncomingMessage } from "node:http";
import { Duplex } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRawWebSocket } from "../support/raw-websocket.js";
import type { Stack } from "../support/stack.js";
import { collect, metricValue, parkedSession, rawSocket, startLiveStack, upgradeStatus, wsClient, wsUrl } from "../support/live.js";
import { sleep, until } from "../support/wait.js";

const TOPIC_ONLY = `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { state } } }`;

describe("graphql-ws transport: the HTTP path's rules, and its own limits", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startLiveStack({
      limits: { maxCost: 20, maxDepth: 8, maxBodyBytes: 4096, maxTokens: 300, corsOrigins: ["http://allowed.example"] },
      live: { maxSubscriptionsPerConnection: 2, maxConnections: 6, maxLifetimeMs: 1_500 },
      keepAliveMs: 150,
    });
  });
  afterAll(() => stack?.close());

  async function errorsOf(query: string, variables?: Record<string, unknown>) {
    const client = wsClient(stack.gateway.url);
    const sub = collect(client, query, variables);
    const error = await sub.ended;
    await client.dispose();
    return error as { message: string; extensions?: { code?: string } }[];
  }

  it("queries and mutations are refused (they belong on HTTP); so are parse errors, depth, cost and unknown fields, before any upstream call", async () => {
    stack.emulator.resetStats();
    const id = randomUUID();
    expect(await errorsOf(`query($id: ID!) { session(id: $id) { id } }`, { id })).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/Only subscriptions/), extensions: { code: "BAD_USER_INPUT" } }),
    ]);
    expect((await errorsOf(`subscription { sessionUpdated(id: "x" `))[0]!.extensions!.code).toBe("GRAPHQL_PARSE_FAILED");
    const deep = `subscription($id: ID!) { sessionUpdated(id: $id) { session { checks { resources { tasks { checks { resources { tasks { id } } } } } } } } }`;
    const depth = await errorsOf(deep, { id });
    // graphql-armor's message with the code HTTP gives it (a validation rule), from the one pipeline.
    expect(depth[0]).toMatchObject({ message: expect.stringMatching(/depth limit of 8/), extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    const costly = `subscription($id: ID!) { sessionUpdated(id: $id) { session { checks { id type state resources { id } report { recommendation { value reason } } } } } }`;
    expect(await errorsOf(costly, { id })).toEqual([expect.objectContaining({ message: expect.stringMatching(/Query cost \d+ is over the limit of 20/), extensions: { code: "BAD_USER_INPUT" } })]);
    expect((await errorsOf(`subscription($id: ID!) { sessionUpdated(id: $id) { nope } }`, { id }))[0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect((await errorsOf(`subscription($id: ID!) { sessionUpdated(id: $id) { topic } }`, { id: "not-a-uuid" }))).toBeUndefined();
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("GATEWAY_MAX_TOKENS holds while parsing; an operation that cannot be told apart is OPERATION_RESOLUTION_FAILURE; operationName picks one", async () => {
    stack.emulator.resetStats();
    const id = randomUUID();
    const long = `subscription($id: ID!) { sessionUpdated(id: $id) { ${"topic ".repeat(300)} } }`;
    expect(await errorsOf(long, { id })).toEqual([expect.objectContaining({ message: expect.stringMatching(/300 tokens/), extensions: { code: "GRAPHQL_PARSE_FAILED" } })]);
    const two = `subscription A($id: ID!) { sessionUpdated(id: $id) { topic } } subscription B($id: ID!) { sessionUpdated(id: $id) { topic } }`;
    // The answer Apollo gives over HTTP, from the same pipeline.
    expect(await errorsOf(two, { id })).toEqual([{ message: "Must provide operation name if query contains multiple operations.", extensions: { code: "OPERATION_RESOLUTION_FAILURE" } }]);
    expect(stack.emulator.stats().total).toBe(0);
    const parked = parkedSession(stack);
    const client = wsClient(stack.gateway.url);
    const picked = collect(client, two, { id: parked }, "B");
    await picked.waitFor(1);
    expect(picked.events[0]!.data.sessionUpdated.topic).toBe("snapshot");
    await client.dispose();
  });

  it("a malformed id is BAD_USER_INPUT, and over HTTP a subscription is a 400 pointing at WebSocket", async () => {
    const client = wsClient(stack.gateway.url);
    const sub = collect(client, `subscription($id: ID!) { sessionUpdated(id: $id) { topic } }`, { id: "not-a-uuid" });
    await sub.ended;
    expect(sub.events[0]!.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(sub.events)).not.toContain("not-a-uuid");
    await client.dispose();
    const http = await stack.post(JSON.stringify({ query: TOPIC_ONLY, variables: { id: randomUUID() } }));
    expect(http.status).toBe(400);
    expect((http.json as any).errors[0].message).toMatch(/WebSocket/);
  });

  it("at most GATEWAY_LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION subscriptions at once on one connection", async () => {
    const id = parkedSession(stack);
    const client = wsClient(stack.gateway.url);
    const first = collect(client, TOPIC_ONLY, { id });
    const second = collect(client, TOPIC_ONLY, { id });
    await Promise.all([first.waitFor(1), second.waitFor(1)]);
    const third = collect(client, TOPIC_ONLY, { id });
    expect(await third.ended).toEqual([expect.objectContaining({ message: expect.stringMatching(/At most 2 subscriptions per connection/) })]);
    first.stop();
    await until(async () => (await metricValue(stack, "idv_graph_live_subscriptions")) === 1, { timeoutMs: 5_000, what: "one subscription left" });
    const fourth = collect(client, TOPIC_ONLY, { id });
    await fourth.waitFor(1);
    await client.dispose();
  });

  it("a message over GATEWAY_MAX_BODY_BYTES closes the connection (1009); keep-alive pings flow", async () => {
    const { ws, closed } = await rawSocket(stack.gateway.url);
    let pings = 0;
    ws.on("ping", () => (pings += 1));
    await until(() => pings >= 2, { timeoutMs: 5_000, what: "two pings" });
    ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: `subscription { sessionUpdated(id: "${"a".repeat(5000)}") { topic } }` } }));
    expect(await closed).toBe(1009);
  });

  it("upgrades: only at / and /graphql, only from allowed origins, at most GATEWAY_LIVE_MAX_CONNECTIONS", async () => {
    const base = stack.gateway.url;
    expect(await upgradeStatus(wsUrl(base, ""))).toBe(101);
    expect(await upgradeStatus(wsUrl(base, "graphql?x=1"))).toBe(101);
    expect(await upgradeStatus(wsUrl(base, "metrics"))).toBe(404);
    expect(await upgradeStatus(wsUrl(base), { origin: "http://evil.example" })).toBe(403);
    expect(await upgradeStatus(wsUrl(base), { origin: "http://allowed.example" })).toBe(101);
    expect(await upgradeStatus(wsUrl(base), { origin: new URL(base).origin })).toBe(101);
    await until(async () => (await metricValue(stack, "idv_graph_ws_connections")) === 0, { timeoutMs: 5_000, what: "test sockets to close" });
    const open = await Promise.all(Array.from({ length: 6 }, () => rawSocket(base)));
    expect(await metricValue(stack, "idv_graph_ws_connections")).toBe(6);
    expect(await upgradeStatus(wsUrl(base))).toBe(503);
    expect(stack.logs.records().filter((r) => r.msg === "WebSocket connection refused").at(-1)).toMatchObject({ level: 40, wsRefused: { capacity: 1 } });
    open.forEach((s) => s.ws.close());
    await until(async () => (await metricValue(stack, "idv_graph_ws_connections")) === 0, { timeoutMs: 5_000, what: "test sockets to close" });
  });

  it("a socket that fails while its upgrade is refused is destroyed, and the gateway serves on", async () => {
    // A reset that lands between the upgrade and the refusal cannot be timed over a real network:
    // the HTTP server hands the gateway a socket that then fails, as the OS would report it.
    const socket = new Duplex({ read() {}, write: (_chunk, _encoding, done) => done() });
    const request = Object.assign(new IncomingMessage(socket as never), { url: "/metrics", method: "GET", headers: {} });
    stack.gateway.server.emit("upgrade", request, socket, Buffer.alloc(0));
    socket.emit("error", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
    expect(socket.destroyed).toBe(true);
    expect(await upgradeStatus(wsUrl(stack.gateway.url))).toBe(101);
  });

  it("a subscription ends after GATEWAY_LIVE_MAX_LIFETIME_MS even though its session never finishes", async () => {
    const id = parkedSession(stack);
    const client = wsClient(stack.gateway.url);
    const sub = collect(client, TOPIC_ONLY, { id });
    expect(await sub.ended).toBeUndefined();
    expect(sub.events.map((e) => e.data.sessionUpdated)).toEqual([{ topic: "snapshot", session: { state: "ONGOING" } }]);
    await client.dispose();
  });
});

describe("graceful close", () => {
  it("draining: new upgrades get 503 and new subscriptions SHUTTING_DOWN while open ones keep their events; then 1001 and nothing leaks", async () => {
    const stack = await startLiveStack({ server: { shutdownGraceMs: 1_500 } });
    const id = parkedSession(stack);
    const { ws, messages, closed, reason } = await rawSocket(stack.gateway.url);
    ws.send(JSON.stringify({ id: "a", type: "subscribe", payload: { query: TOPIC_ONLY, variables: { id } } }));
    await until(() => messages.some((m) => m.id === "a" && m.type === "next"), { timeoutMs: 5_000, what: "the snapshot" });
    const closing = stack.gateway.close();
    expect(await upgradeStatus(wsUrl(stack.gateway.url))).toBe(503);
    ws.send(JSON.stringify({ id: "b", type: "subscribe", payload: { query: TOPIC_ONLY, variables: { id } } }));
    await until(() => messages.some((m) => m.id === "b"), { timeoutMs: 5_000, what: "an answer to b" });
    expect(messages.find((m) => m.id === "b")).toMatchObject({ type: "error", payload: [{ extensions: { code: "SHUTTING_DOWN" } }] });
    // Open subscriptions still get their events during the grace period.
    expect(await stack.emulator.notify(id, "resource_update", { resource_id: "r" })).toEqual({ status: 200 });
    await until(() => messages.filter((m) => m.id === "a" && m.type === "next").length === 2, { timeoutMs: 5_000, what: "the event" });
    expect(messages.filter((m) => m.id === "a" && m.type === "next").map((m) => m.payload.data.sessionUpdated.topic)).toEqual(["snapshot", "resource_update"]);
    expect(await closed).toBe(1001);
    expect(await reason).toBe("Going away");
    await closing;
    expect(stack.gateway.liveSessions.feed.subscriptions).toBe(0);
    await stack.emulator.close();
  });

  it("on shutdown, a client gets time to acknowledge the close, and one that never does is cut", async () => {
    const stack = await startLiveStack({ server: { shutdownGraceMs: 0 } });
    const polite = await openRawWebSocket(stack.gateway.url);
    const silent = await openRawWebSocket(stack.gateway.url);
    await until(async () => (await metricValue(stack, "idv_graph_ws_connections")) === 2, { timeoutMs: 5_000, what: "both connections" });
    const closing = stack.gateway.close();
    expect(await polite.closeFrame).toBe(1001);
    expect(await silent.closeFrame).toBe(1001);
    // The polite client answers a little later; its connection is still there to answer on.
    await sleep(300);
    expect(polite.isGone()).toBe(false);
    polite.acknowledgeClose(1001);
    await polite.gone;
    // The silent one is cut after the wait, and shutdown completes.
    await silent.gone;
    await closing;
    await stack.emulator.close();
  });
});
