import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyEntry, createJwtIssuer, nowSeconds as now } from "../support/tokens.js";
import { CLOCK_TOLERANCE_SECONDS } from "../../src/server/graphql/authenticate.js";
import { metricValue, parkedSession, rawSocket, startLiveStack, upgradeAnswer, upgradeStatus, wsUrl } from "../support/live.js";
import type { Stack } from "../support/stack.js";
import { sleep, until } from "../support/wait.js";

const issuer = createJwtIssuer({ subject: "frontend" });
const API_KEY = `ak_${randomUUID()}`;
const SUBSCRIPTION = `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { state clientSessionToken } } }`;

/** A token whose `exp` is already past, by less than the clock tolerance: accepted now, refused `secondsLeft` from now. */
function expiringToken(secondsLeft: number, claims: Record<string, unknown> = { scope: "sessions:read pii:read" }): { token: Promise<string>; refusedAt: number } {
  const exp = now() - CLOCK_TOLERANCE_SECONDS + secondsLeft;
  return {
    token: issuer.sign({ ...claims, iat: exp - 60, exp }),
    refusedAt: (exp + CLOCK_TOLERANCE_SECONDS) * 1000,
  };
}

const subscribe = (id: string, sessionId: string) => JSON.stringify({ id, type: "subscribe", payload: { query: SUBSCRIPTION, variables: { id: sessionId } } });

describe("a WebSocket connection never outlives its credential", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startLiveStack({
      auth: {
        apiKeys: [apiKeyEntry("reader", API_KEY, ["sessions:read"])],
        jwt: issuer.authConfig(),
      },
    });
  });
  afterAll(() => stack?.close());

  it("a running subscription ends with UNAUTHENTICATED when the token expires, and the connection closes with 4401", async () => {
    const id = parkedSession(stack);
    const { token, refusedAt } = expiringToken(4);
    const socket = await rawSocket(stack.gateway.url, {}, "graphql", { authorization: `Bearer ${await token}` });
    socket.ws.send(subscribe("a", id));
    await until(() => socket.messages.some((m) => m.id === "a" && m.type === "next"), "the snapshot");
    expect(socket.messages.find((m) => m.id === "a")!.payload.data.sessionUpdated.topic).toBe("snapshot");
    expect(await socket.closed).toBe(4401);
    expect(Date.now()).toBeGreaterThanOrEqual(refusedAt);
    expect(socket.messages.filter((m) => m.id === "a").at(-1)).toEqual({
      id: "a",
      type: "error",
      payload: [{ message: "The credential has expired: reconnect with a fresh token", extensions: { code: "UNAUTHENTICATED" } }],
    });
    expect(await socket.reason).toBe("The credential has expired: reconnect with a fresh token");
  });

  it("a subscribe after the token expired is refused with UNAUTHENTICATED and closes the connection (4401), with no upstream call; HTTP refuses the same token", async () => {
    const id = parkedSession(stack);
    const { token, refusedAt } = expiringToken(2);
    const bearer = `Bearer ${await token}`;
    const socket = await rawSocket(stack.gateway.url, {}, "graphql", { authorization: bearer });
    // Opened while valid; the connection's own expiry would close it, so a subscribe races it just after.
    await sleep(Math.max(0, refusedAt - Date.now()));
    stack.emulator.resetStats();
    socket.ws.send(subscribe("late", id));
    expect(await socket.closed).toBe(4401);
    const answer = socket.messages.find((m) => m.id === "late");
    if (answer) expect(answer).toMatchObject({ type: "error", payload: [{ extensions: { code: "UNAUTHENTICATED" } }] });
    expect(socket.messages.some((m) => m.type === "next")).toBe(false);
    expect(stack.emulator.stats().total).toBe(0);
    const http = await stack.post(JSON.stringify({ query: `{ session(id: "${id}") { state } }` }), { authorization: bearer });
    expect(http.status).toBe(401);
  });

  it("every subscribe authenticates again: a key that is fine keeps working across many subscribes", async () => {
    const id = parkedSession(stack);
    const socket = await rawSocket(stack.gateway.url, {}, "graphql", { authorization: `Bearer ${API_KEY}` });
    for (const sub of ["1", "2", "3"]) {
      socket.ws.send(JSON.stringify({ id: sub, type: "subscribe", payload: { query: `subscription($id: ID!) { sessionUpdated(id: $id) { topic } }`, variables: { id } } }));
      await until(() => socket.messages.some((m) => m.id === sub && m.type === "next"), `subscription ${sub}`);
      socket.ws.send(JSON.stringify({ id: sub, type: "complete" }));
    }
    socket.ws.close(1000);
    expect(await socket.closed).toBe(1000);
  });
});

describe("sockets that have not authenticated have a budget of their own", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startLiveStack({
      auth: { apiKeys: [apiKeyEntry("reader", API_KEY, ["sessions:read"])] },
      live: { maxConnections: 3, maxPendingConnections: 5, maxPendingPerAddress: 3, initTimeoutMs: 1_500 },
    });
  });
  afterAll(() => stack?.close());

  it("idle sockets fill only their own budget (per address, then per process): authenticated clients still connect, and the idle ones are closed with 4408", async () => {
    const url = wsUrl(stack.gateway.url);
    const idleFrom = (address: string) => rawSocket(stack.gateway.url, { localAddress: address }, "graphql", false);
    const idle = await Promise.all([idleFrom("127.0.0.1"), idleFrom("127.0.0.1"), idleFrom("127.0.0.1")]);
    expect(await metricValue(stack, "idv_graph_ws_pending_connections")).toBe(3);
    // This address has used its share; another one has not.
    expect(await upgradeAnswer(stack.gateway.url, "127.0.0.1")).toEqual({
      status: 503,
      body: JSON.stringify({ errors: [{ message: "Too many WebSocket connections waiting for connection_init; retry later (GATEWAY_LIVE_MAX_PENDING)", extensions: { code: "AT_CAPACITY" } }] }),
    });
    idle.push(await idleFrom("127.0.0.2"), await idleFrom("127.0.0.2"));
    // The process's share is used up too: a new socket waits for the idle ones to go.
    expect(await upgradeStatus(url, {}, { localAddress: "127.0.0.3" })).toBe(503);
    // None of them counts against the capacity: once the idle sockets are closed, three clients authenticate.
    expect(await Promise.all(idle.map((s) => s.closed))).toEqual([4408, 4408, 4408, 4408, 4408]);
    const clients = await Promise.all([1, 2, 3].map(() => rawSocket(stack.gateway.url, {}, "graphql", { authorization: `Bearer ${API_KEY}` })));
    expect(await metricValue(stack, "idv_graph_ws_connections")).toBe(3);
    expect(await metricValue(stack, "idv_graph_ws_pending_connections")).toBe(0);
    // At capacity, an upgrade is refused as before, saying which budget is full.
    expect(await upgradeAnswer(stack.gateway.url)).toEqual({
      status: 503,
      body: JSON.stringify({ errors: [{ message: "Too many WebSocket connections; retry later (GATEWAY_LIVE_MAX_CONNECTIONS)", extensions: { code: "AT_CAPACITY" } }] }),
    });
    expect(await metricValue(stack, "idv_graph_ws_refusals_total", { reason: "pending-per-address" })).toBe(1);
    expect(await metricValue(stack, "idv_graph_ws_refusals_total", { reason: "pending" })).toBe(1);
    expect(await metricValue(stack, "idv_graph_ws_refusals_total", { reason: "capacity" })).toBe(1);
    for (const client of clients) client.ws.close(1000);
    await until(async () => (await metricValue(stack, "idv_graph_ws_connections")) === 0, "the clients to go");
  });

  it("a burst of refusals is logged at most once a second, with its count", async () => {
    const url = wsUrl(stack.gateway.url);
    const idle = await Promise.all([1, 2, 3].map(() => rawSocket(stack.gateway.url, {}, "graphql", false)));
    const before = stack.logs.records().length;
    const statuses = await Promise.all(Array.from({ length: 40 }, () => upgradeStatus(url)));
    expect(statuses.every((s) => s === 503)).toBe(true);
    const lines = () => stack.logs.records().slice(before).filter((r) => r.wsRefused?.["pending-per-address"]);
    const counted = () => lines().reduce((sum, l) => sum + l.wsRefused["pending-per-address"], 0);
    await until(() => counted() === 40, { what: "every refusal counted in the log", timeoutMs: 3_000 });
    // 40 refusals within a second: one line at once and one with the rest, or one with them all.
    expect(lines().length).toBeLessThanOrEqual(2);
    const times = lines().map((l) => l.time as number);
    if (times.length === 2) expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1_000);
    for (const s of idle) s.ws.close();
  });
});

describe("the capacity fills while a socket waits for its connection_init", () => {
  it("the socket that authenticates once it is full is closed with 1013 (try again later), counted as a capacity refusal", async () => {
    const stack = await startLiveStack({ auth: { apiKeys: [apiKeyEntry("reader", API_KEY, ["sessions:read"])] }, live: { maxConnections: 1 } });
    try {
      const [first, second] = await Promise.all([rawSocket(stack.gateway.url, {}, "graphql", false), rawSocket(stack.gateway.url, {}, "graphql", false)]);
      const init = JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${API_KEY}` } });
      first.ws.send(init);
      await until(() => first.messages.some((m) => m.type === "connection_ack"), "the first connection_ack");
      second.ws.send(init);
      expect(await second.closed).toBe(1013);
      expect(await second.reason).toBe("At capacity");
      expect(second.messages).toEqual([]);
      expect(await metricValue(stack, "idv_graph_ws_refusals_total", { reason: "capacity" })).toBe(1);
      expect([await metricValue(stack, "idv_graph_ws_connections"), await metricValue(stack, "idv_graph_ws_pending_connections")]).toEqual([1, 0]);
      first.ws.close(1000);
    } finally {
      await stack.close();
    }
  });
});
