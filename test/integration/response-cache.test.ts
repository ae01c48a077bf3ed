import { randomUUID } from "node:crypto";
import { print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentValuesDocument, MediaUrlsDocument, SessionDevicesDocument, SessionProgressDocument } from "../generated/graphql.js";
import { demoCopy } from "../support/demo-data.js";
import { bearerAuth, collect, getsOf, metricValue, postWebhook, startLiveStack, WEBHOOK_TOKEN, wsClient } from "../support/live.js";
import type { Replica, ReplicaPair } from "../support/replicas.js";
import { startReplicaPair } from "../support/replicas.js";
import { startStack, type Stack } from "../support/stack.js";
import { apiKeyEntry, createJwtIssuer } from "../support/tokens.js";
import { until } from "../support/wait.js";

const CHECKS = `query Checks($id: ID!) { session(id: $id) { id state checks { id state } } }`;
const TWO = `query Two($a: ID!, $b: ID!) { a: session(id: $a) { id state } b: session(id: $b) { id state } }`;
const VALUES = print(DocumentValuesDocument);
const SUBSCRIBE = `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { state checks { id state } } } }`;
const HOUR = 3_600;

const lookups = (gateway: { metrics: Stack["metrics"] }, outcome: string) => metricValue(gateway, "idv_graph_response_cache_lookups_total", { outcome });
const evictions = (gateway: { metrics: Stack["metrics"] }, reason: string) => metricValue(gateway, "idv_graph_response_cache_evictions_total", { reason });
const stored = (gateway: { metrics: Stack["metrics"] }) => metricValue(gateway, "idv_graph_response_cache_stored_total");

/** A fresh copy of a demo session under a new id (no other test shares its counters or kept answers). */
function addCopy(stack: Stack, demo: string, change?: (body: Record<string, any>) => void): string {
  const id = randomUUID();
  stack.emulator.addSession(id, demoCopy(demo, id, change));
  return id;
}

/** Headers that differ per response whatever the cache does. */
const PER_RESPONSE = new Set(["date", "x-request-id", "connection", "keep-alive"]);
const stableHeaders = (headers: Headers) => [...headers].filter(([name]) => !PER_RESPONSE.has(name));

describe("response cache on (GATEWAY_RESPONSE_CACHE_TTL_SECONDS=3600, session cache off), webhooks configured", () => {
  let stack: Stack;
  const issuer = createJwtIssuer({ subject: "frontend-user" });
  const readerKey = `rk_${randomUUID()}`;
  const fullKey = `fk_${randomUUID()}`;

  const ask = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const { status, json, headers: h } = await stack.post(JSON.stringify({ query, variables }), headers);
    return { status, json: json as any, text: JSON.stringify(json), headers: h };
  };

  beforeAll(async () => {
    stack = await startLiveStack({
      cache: { ttlSeconds: 0, responseTtlSeconds: HOUR },
      live: { pollIntervalMs: HOUR * 1000 },
      auth: { jwt: issuer.authConfig(), apiKeys: [apiKeyEntry("reader", readerKey, ["sessions:read"]), apiKeyEntry("full", fullKey, ["sessions:read", "pii:read", "media:read", "devices:read"])] },
    });
  });
  afterAll(() => stack?.close());

  const full = () => ({ authorization: `Bearer ${fullKey}` });

  it("a repeat about a finished session is answered without executing: no upstream GET, the same body, the same headers, counted", async () => {
    for (const demo of ["approved", "expired"]) {
      const id = addCopy(stack, demo);
      const [hits, misses, kept] = [await lookups(stack, "hit"), await lookups(stack, "miss"), await stored(stack)];
      const operations = await metricValue(stack, "idv_graph_graphql_operations_total", { type: "query", outcome: "ok" });
      const first = await ask(CHECKS, { id }, full());
      expect(first.json.errors).toBeUndefined();
      expect(first.json.data.session.state).toBe(demo === "approved" ? "COMPLETED" : "EXPIRED");
      expect(await stored(stack)).toBe(kept + 1);
      for (let i = 0; i < 3; i++) {
        const again = await ask(CHECKS, { id }, full());
        expect(again.text).toBe(first.text);
        expect(stableHeaders(again.headers)).toEqual(stableHeaders(first.headers));
        expect(again.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
      }
      expect(getsOf(stack, id)).toBe(1);
      expect(await lookups(stack, "hit")).toBe(hits + 3);
      expect(await lookups(stack, "miss")).toBe(misses + 1);
      // A hit is a served query, as a dashboard of operations expects.
      expect(await metricValue(stack, "idv_graph_graphql_operations_total", { type: "query", outcome: "ok" })).toBe(operations + 4);
    }
    expect(await metricValue(stack, "idv_graph_response_cache_bytes")).toBeGreaterThan(0);
  });

  it("a hit is logged like a miss, marked as a hit, with no upstream GET and no value of the answer", async () => {
    const id = addCopy(stack, "approved");
    await ask(CHECKS, { id }, { ...full(), "x-request-id": `miss-${id}` });
    await ask(CHECKS, { id }, { ...full(), "x-request-id": `hit-${id}` });
    const lines = stack.logs.records().filter((r) => r.msg === "request" && String(r.reqId).endsWith(id));
    expect(lines).toHaveLength(2);
    const [miss, hit] = lines;
    expect(miss!.graphql).toMatchObject({ operationName: "Checks", operationType: "query", codes: [], upstream: { sessionGets: 1 } });
    expect(miss!.graphql.responseCache).toBeUndefined();
    expect(hit!.graphql).toMatchObject({ operationName: "Checks", operationType: "query", codes: [], responseCache: "hit", upstream: { sessionGets: 0 } });
    expect(hit!.status).toBe(200);
    expect(JSON.stringify(lines)).not.toContain("COMPLETED");
  });

  it("different variables, operation text or Accept header are different answers", async () => {
    const [one, two] = [addCopy(stack, "approved"), addCopy(stack, "approved")];
    await ask(CHECKS, { id: one }, full());
    await ask(CHECKS, { id: two }, full());
    expect([getsOf(stack, one), getsOf(stack, two)]).toEqual([1, 1]);
    await ask(`query Other($id: ID!) { session(id: $id) { id state } }`, { id: one }, full());
    expect(getsOf(stack, one)).toBe(2);
    const json = await ask(CHECKS, { id: one }, { ...full(), accept: "application/json" });
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    expect(getsOf(stack, one)).toBe(3);
    const graphqlJson = await ask(CHECKS, { id: one }, { ...full(), accept: "application/graphql-response+json" });
    expect(graphqlJson.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
    expect(getsOf(stack, one)).toBe(4);
    // Each of them is kept in its own right.
    expect((await ask(CHECKS, { id: one }, { ...full(), accept: "application/graphql-response+json" })).headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
    expect(getsOf(stack, one)).toBe(4);
  });

  it("never kept: an ONGOING session, an answer with an error, an answer with media URLs, a GET request", async () => {
    const ongoing = addCopy(stack, "ongoing");
    for (let i = 1; i <= 2; i++) {
      expect((await ask(CHECKS, { id: ongoing }, full())).json.data.session.state).toBe("ONGOING");
      expect(getsOf(stack, ongoing)).toBe(i);
    }
    // A finished session beside an ONGOING one: the answer may change, so it is not kept either.
    const done = addCopy(stack, "approved");
    for (let i = 1; i <= 2; i++) {
      expect((await ask(TWO, { a: done, b: ongoing }, full())).json.errors).toBeUndefined();
      expect(getsOf(stack, done)).toBe(i);
    }
    const missing = randomUUID();
    for (let i = 1; i <= 2; i++) {
      const res = await ask(TWO, { a: done, b: missing }, full());
      expect(res.json.errors[0].extensions.code).toBe("NOT_FOUND");
      expect(getsOf(stack, missing)).toBe(i);
    }
    const media = addCopy(stack, "approved");
    const urls: string[] = [];
    for (let i = 1; i <= 2; i++) {
      const res = await stack.queryAs(full(), MediaUrlsDocument, { id: media });
      expect(res.errors).toBeUndefined();
      urls.push(JSON.stringify(res.data));
      expect(getsOf(stack, media)).toBe(i);
    }
    expect(urls[0]).toContain("/media/");
    // Device events may change after a session finished, with no notification: never kept.
    const devices = addCopy(stack, "approved");
    for (let i = 1; i <= 2; i++) {
      expect((await stack.queryAs(full(), SessionDevicesDocument, { id: devices })).errors).toBeUndefined();
      expect(stack.emulator.stats().trackedDevicesGets[devices]).toBe(i);
    }
    const viaGet = addCopy(stack, "approved");
    for (let i = 1; i <= 2; i++) {
      const url = new URL(stack.gateway.url);
      url.searchParams.set("query", CHECKS);
      url.searchParams.set("variables", JSON.stringify({ id: viaGet }));
      const res = await fetch(url, { headers: { ...full(), "apollo-require-preflight": "true" } });
      expect(((await res.json()) as any).data.session.state).toBe("COMPLETED");
      expect(getsOf(stack, viaGet)).toBe(i);
    }
  });

  it("a finished session's configuration and progress are kept with it", async () => {
    const id = addCopy(stack, "approved");
    const first = await stack.queryAs(full(), SessionProgressDocument, { id });
    expect(first.errors).toBeUndefined();
    expect(await stack.queryAs(full(), SessionProgressDocument, { id })).toEqual(first);
    expect(stack.emulator.stats().configurationGets[id]).toBe(1);
    expect(getsOf(stack, id)).toBe(1);
  });

  it("a hit is refused to a caller whose grant misses one of its sessions: the usual FORBIDDEN, no upstream GET; a grant that covers them all hits", async () => {
    const [a, b] = [addCopy(stack, "approved"), addCopy(stack, "approved")];
    const both = await issuer.sign({ scope: "sessions:read", idv_session_ids: [a, b] });
    const first = await ask(TWO, { a, b }, { authorization: `Bearer ${both}` });
    expect(first.json.errors).toBeUndefined();
    expect([getsOf(stack, a), getsOf(stack, b)]).toEqual([1, 1]);

    const outside = await lookups(stack, "outside_grant");
    const onlyA = await issuer.sign({ scope: "sessions:read", idv_session_ids: [a] });
    const refused = await ask(TWO, { a, b }, { authorization: `Bearer ${onlyA}` });
    expect(refused.status).toBe(200);
    expect(refused.json.errors.map((e: any) => e.extensions.code)).toEqual(["FORBIDDEN"]);
    expect(refused.json.data.b).toBeNull();
    expect(refused.text).not.toContain(b);
    expect(await lookups(stack, "outside_grant")).toBe(outside + 1);
    // Executed as usual: `a` is read (the grant allows it), `b` is not.
    expect([getsOf(stack, a), getsOf(stack, b)]).toEqual([2, 1]);

    const hits = await lookups(stack, "hit");
    const wider = await issuer.sign({ scope: "sessions:read", idv_session_ids: [b, randomUUID(), a] });
    expect((await ask(TWO, { a, b }, { authorization: `Bearer ${wider}` })).text).toBe(first.text);
    expect(await lookups(stack, "hit")).toBe(hits + 1);
    expect([getsOf(stack, a), getsOf(stack, b)]).toEqual([2, 1]);
  });

  it("a caller without pii:read never gets the document values kept for one with it", async () => {
    const id = addCopy(stack, "approved");
    const withPii = await ask(VALUES, { id }, full());
    expect(withPii.json.errors).toBeUndefined();
    expect(withPii.text).toContain("JANE ALICE SPECIMEN");
    expect((await ask(VALUES, { id }, full())).text).toBe(withPii.text);
    expect(getsOf(stack, id)).toBe(1);

    const hits = await lookups(stack, "hit");
    for (let i = 0; i < 2; i++) {
      const reader = await ask(VALUES, { id }, { authorization: `Bearer ${readerKey}` });
      expect(reader.text).not.toContain("JANE");
      expect(new Set(reader.json.errors.map((e: any) => e.extensions.code))).toEqual(new Set(["FORBIDDEN"]));
    }
    // Executed both times (an answer with errors is not kept), never served what the other caller got.
    expect(await lookups(stack, "hit")).toBe(hits);
    expect(getsOf(stack, id)).toBe(3);
    // A JWT with the same scopes as the API key shares its answers; with fewer it does not.
    const jwtFull = await issuer.sign({ scope: "devices:read media:read pii:read sessions:read" });
    expect((await ask(VALUES, { id }, { authorization: `Bearer ${jwtFull}` })).text).toBe(withPii.text);
    expect(await lookups(stack, "hit")).toBe(hits + 1);
    const jwtNoPii = await issuer.sign({ scope: "sessions:read media:read" });
    expect((await ask(VALUES, { id }, { authorization: `Bearer ${jwtNoPii}` })).text).not.toContain("JANE");
    expect(await lookups(stack, "hit")).toBe(hits + 1);
  });

  it("a webhook evicts every answer that read the session before the subscriber hears of it; the next request executes and sees the new body", async () => {
    // Subscribed while ONGOING; then finished at Yoti with no notification (the poller is slowed to an hour), so an answer about it is kept.
    const id = addCopy(stack, "ongoing");
    const other = addCopy(stack, "approved");
    const client = wsClient(stack.gateway.url, { authorization: `Bearer ${fullKey}` });
    const sub = collect(client, SUBSCRIBE, { id });
    await sub.waitFor(1);
    stack.emulator.addSession(id, demoCopy("approved", id));
    await ask(CHECKS, { id }, full());
    await ask(TWO, { a: id, b: other }, full());
    await ask(CHECKS, { id: other }, full());
    const gets = getsOf(stack, id);
    expect((await ask(CHECKS, { id }, full())).json.data.session.checks[0].state).toBe("DONE");
    expect(getsOf(stack, id)).toBe(gets);

    const changed = demoCopy("approved", id, (body) => (body.checks[0].state = "REDONE"));
    stack.emulator.addSession(id, changed);
    const before = await evictions(stack, "notification");
    // The moment the subscriber hears of the change, the kept answers are gone.
    const heard = sub.waitFor(2).then(() => ask(CHECKS, { id }, full()));
    expect((await postWebhook(stack.gateway.url, { session_id: id, topic: "check_completion", check_id: changed.checks[0].id }, bearerAuth())).status).toBe(200);
    const afterEvent = await heard;
    expect(sub.events[1]!.data.sessionUpdated.session.checks[0].state).toBe("REDONE");
    expect(afterEvent.json.data.session.checks[0].state).toBe("REDONE");
    expect(await evictions(stack, "notification")).toBe(before + 2);
    expect((await ask(TWO, { a: id, b: other }, full())).json.data.a.state).toBe("COMPLETED");
    // The answer about `other` alone stays kept.
    const otherGets = getsOf(stack, other);
    await ask(CHECKS, { id: other }, full());
    expect(getsOf(stack, other)).toBe(otherGets);
    await client.dispose();
  });

  it("an answer being executed when a notification arrives is not kept: it may hold what the notification replaced", async () => {
    const id = addCopy(stack, "approved");
    stack.emulator.setFault(id, { delayMs: 500, times: 1 });
    const slow = ask(CHECKS, { id }, full());
    await until(() => stack.emulator.stats().inFlight > 0, { timeoutMs: 5_000, what: "the GET to be in flight" });
    stack.emulator.addSession(id, demoCopy("approved", id, (body) => (body.checks[0].state = "REDONE")));
    await postWebhook(stack.gateway.url, { session_id: id, topic: "session_completion" }, bearerAuth());
    // (The emulator reads the body after its delay, so this one may already show the change: it is not kept either way.)
    expect((await slow).json.errors).toBeUndefined();
    expect(getsOf(stack, id)).toBe(1);
    const next = await ask(CHECKS, { id }, full());
    expect(next.json.data.session.checks[0].state).toBe("REDONE");
    expect(getsOf(stack, id)).toBe(2);
    await ask(CHECKS, { id }, full());
    expect(getsOf(stack, id)).toBe(2);
  });
});

describe("response cache with the session cache (one switch: GATEWAY_CACHE_TTL_SECONDS)", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ cache: { ttlSeconds: 1, responseTtlSeconds: HOUR } });
  });
  afterAll(() => stack?.close());

  it("an answer leaves with the kept body it was built from (counted as session_cache), so the session cache's TTL bounds staleness", async () => {
    const id = addCopy(stack, "approved");
    const body = JSON.stringify({ query: CHECKS, variables: { id } });
    await stack.post(body);
    await stack.post(body);
    expect(getsOf(stack, id)).toBe(1);
    await until(async () => (await evictions(stack, "session_cache")) >= 1, { timeoutMs: 15_000, what: "the body's TTL to take the answer with it" });
    expect(await metricValue(stack, "idv_graph_response_cache_bytes")).toBe(0);
    await stack.post(body);
    expect(getsOf(stack, id)).toBe(2);
  });
});

describe("response cache on two replicas sharing a real redis-server", () => {
  let pair: ReplicaPair;
  let a: Replica;
  let b: Replica;

  const ask = async (replica: Replica, id: string) => {
    const res = await fetch(replica.gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: CHECKS, variables: { id } }) });
    return ((await res.json()) as { data: { session: { checks: { state: string }[] } } }).data.session.checks[0]!.state;
  };
  beforeAll(async () => {
    pair = await startReplicaPair({ live: { webhook: { authType: "BEARER", token: WEBHOOK_TOKEN }, pollIntervalMs: HOUR * 1000 }, cache: { ttlSeconds: 0, responseTtlSeconds: HOUR } });
    ({ a, b } = pair);
  });
  afterAll(() => pair?.close());

  for (const [to, name] of [
    ["A", "a notification to the other replica evicts through Redis"],
    ["B", "a notification to the subscriber's own replica evicts"],
  ] as const) {
    it(`${name}: B's subscriber hears of the change only after B dropped its kept answer`, async () => {
      // Subscribed on B while ONGOING; then finished at Yoti with no notification (the poller is slowed to an hour).
      const id = randomUUID();
      pair.emulator.addSession(id, demoCopy("ongoing", id));
      const client = wsClient(b.gateway.url);
      const sub = collect(client, SUBSCRIBE, { id });
      await sub.waitFor(1);
      const body = demoCopy("approved", id);
      pair.emulator.addSession(id, body);
      const gets = pair.emulator.stats().sessionGets[id] ?? 0;
      for (const replica of [a, b, a, b]) expect(await ask(replica, id)).toBe("DONE");
      expect(pair.emulator.stats().sessionGets[id]).toBe(gets + 2);
      body.checks[0].state = "REDONE";
      pair.emulator.addSession(id, body);
      expect(await ask(b, id)).toBe("DONE");
      const heard = sub.waitFor(2).then(() => ask(b, id));
      const target = to === "A" ? a : b;
      expect((await postWebhook(target.gateway.url, { session_id: id, topic: "check_completion", check_id: body.checks[0].id }, bearerAuth())).status).toBe(200);
      expect(await heard).toBe("REDONE");
      expect(sub.events[1]!.data.sessionUpdated.session.checks[0].state).toBe("REDONE");
      expect(await ask(a, id)).toBe("REDONE");
      await client.dispose();
    });
  }
});
