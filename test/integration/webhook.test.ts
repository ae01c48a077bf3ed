import { randomUUID } from "node:crypto";
import { announceBody } from "../support/raw-http.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../support/stack.js";
import { basicAuth, bearerAuth, collect, getsOf, metricValue, parkedSession, postWebhook, startLiveStack, WEBHOOK_TOKEN, wsClient } from "../support/live.js";
import { until } from "../support/wait.js";

const SESSION_QUERY = `subscription($id: ID!) { sessionUpdated(id: $id) { topic resourceId taskId checkId session { id state } } }`;

describe("POST /webhooks/yoti with BEARER auth", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startLiveStack({ authType: "BEARER" });
  });
  afterAll(() => stack?.close());

  it("no Authorization, a wrong token, the wrong scheme, a Basic-encoded token or the token amid other words: 401, and nothing else happens", async () => {
    const id = parkedSession(stack);
    const client = wsClient(stack.gateway.url);
    const sub = collect(client, SESSION_QUERY, { id });
    await sub.waitFor(1);
    const before = getsOf(stack, id);
    const body = { session_id: id, topic: "session_completion" };
    const tokenInside = [{ authorization: `X Bearer ${WEBHOOK_TOKEN}` }, { authorization: `Bearer ${WEBHOOK_TOKEN} x` }];
    for (const headers of [{}, bearerAuth("wrong-token-0123456789abc"), { authorization: `Bearer ${WEBHOOK_TOKEN}x` }, basicAuth(), { authorization: WEBHOOK_TOKEN }, ...tokenInside]) {
      const res = await postWebhook(stack.gateway.url, body, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      // The body was never read: the connection is not kept for another request.
      expect(res.headers.get("connection")).toBe("close");
      expect(res.json.errors[0].extensions.code).toBe("UNAUTHENTICATED");
      // The webhook's own hint: its variables, not API keys or JWTs.
      expect(res.json.errors[0].message).toContain("YOTI_WEBHOOK_AUTH_TOKEN");
      expect(res.json.errors[0].message).not.toContain("API key");
      expect(JSON.stringify(res.json)).not.toContain(WEBHOOK_TOKEN);
    }
    // A valid notification after them is the first thing the subscriber hears.
    expect((await postWebhook(stack.gateway.url, { session_id: id, topic: "resource_update", resource_id: "r1" }, bearerAuth())).status).toBe(200);
    await sub.waitFor(2);
    expect(sub.events.map((e) => e.data?.sessionUpdated.topic)).toEqual(["snapshot", "resource_update"]);
    expect(getsOf(stack, id)).toBe(before + 1);
    expect(await metricValue(stack, "idv_graph_webhook_deliveries_total", { topic: "none", outcome: "unauthorized" })).toBe(7);
    sub.stop();
    await client.dispose();
  });

  it("401 comes before a byte of the body is read: an unauthenticated 10 MB or malformed body is 401, never 413 or 400", async () => {
    for (const [authorization, sent] of [[undefined, "{not json"], ["Bearer wrong-token-0123456789", "x".repeat(1024)], [`Basic ${WEBHOOK_TOKEN}`, "{}"]] as const) {
      const answer = await announceBody(stack.gateway.url, "/webhooks/yoti", authorization ? { authorization } : {}, 10 * 1024 * 1024, sent);
      expect(answer.status).toBe(401);
      expect(answer.text).toMatch(/\r\nconnection: close\r\n/i);
      expect(answer.text).toContain('"code":"UNAUTHENTICATED"');
    }
  });

  it("the scheme may be in any case, the credentials any number of spaces after it; the body is bounded, JSON, with a UUID session id: otherwise 4xx in the usual shape", async () => {
    const id = randomUUID();
    const rejected = () => metricValue(stack, "idv_graph_webhook_deliveries_total", { topic: "none", outcome: "rejected" });
    const rejectedBefore = await rejected();
    const ok = await postWebhook(stack.gateway.url, { session_id: id, topic: "resource_update" }, { authorization: `bEaReR   ${WEBHOOK_TOKEN}` });
    expect({ status: ok.status, json: ok.json }).toEqual({ status: 200, json: { status: "accepted" } });

    const big = await postWebhook(stack.gateway.url, { session_id: id, topic: "resource_update", pad: "x".repeat(17 * 1024) }, bearerAuth());
    expect(big.status).toBe(413);
    expect(big.json.errors[0].extensions.code).toBe("BAD_USER_INPUT");

    const cases: [unknown, Record<string, string>, RegExp][] = [
      ['{"session_id": "', {}, /not valid JSON/],
      ["session_id=x", { "content-type": "application/x-www-form-urlencoded" }, /must be JSON/],
      [[{ session_id: id, topic: "resource_update" }], {}, /JSON object/],
      [{ session_id: "not-a-uuid", topic: "resource_update" }, {}, /session_id must be a session UUID/],
      [{ session_id: `${id}\n`, topic: "resource_update" }, {}, /session_id/],
      [{ topic: "resource_update" }, {}, /session_id/],
      [{ session_id: id }, {}, /topic/],
      [{ session_id: id, topic: "x".repeat(65) }, {}, /topic/],
      [{ session_id: id, topic: "check_completion", check_id: 42 }, {}, /check_id/],
    ];
    for (const [body, headers, message] of cases) {
      const res = await postWebhook(stack.gateway.url, body, { ...bearerAuth(), ...headers });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json.errors[0]).toEqual({ message: expect.stringMatching(message), extensions: { code: "BAD_USER_INPUT" } });
      // Fixed text: nothing of the input comes back.
      expect(JSON.stringify(res.json)).not.toContain("not-a-uuid");
    }
    expect(stack.emulator.stats().sessionGets[id]).toBeUndefined();
    // Counted as rejected, the oversized body and each bad one alike.
    expect((await rejected()) - rejectedBefore).toBe(1 + cases.length);
  });

  it("an unknown topic in any case is accepted and passed on, lower-cased", async () => {
    const id = parkedSession(stack);
    const client = wsClient(stack.gateway.url);
    const sub = collect(client, SESSION_QUERY, { id });
    await sub.waitFor(1);
    // Metric labels stay a closed set: an unknown topic is counted as "other".
    const events = (topic: string) => metricValue(stack, "idv_graph_live_events_total", { topic });
    const before = [await events("other"), await events("something_new")];
    const res = await postWebhook(stack.gateway.url, { session_id: id.toUpperCase(), topic: "Something_New", extra_field: { any: "thing" } }, bearerAuth());
    expect({ status: res.status, json: res.json }).toEqual({ status: 200, json: { status: "accepted" } });
    expect(stack.logs.records().filter((r) => r.msg === "notification received").at(-1)).toMatchObject({ level: 20, webhook: "other", outcome: "accepted" });
    await sub.waitFor(2);
    expect(sub.events[1]!.data?.sessionUpdated).toEqual({ topic: "something_new", resourceId: null, taskId: null, checkId: null, session: { id, state: "ONGOING" } });
    expect(await metricValue(stack, "idv_graph_webhook_deliveries_total", { topic: "other", outcome: "accepted" })).toBeGreaterThanOrEqual(1);
    expect([await events("other"), await events("something_new")]).toEqual([before[0]! + 1, 0]);
    sub.stop();
    await client.dispose();
  });

  it("a duplicate delivery (Yoti retrying) costs no second fetch and no second event", async () => {
    const id = parkedSession(stack);
    const client = wsClient(stack.gateway.url);
    const sub = collect(client, SESSION_QUERY, { id });
    await sub.waitFor(1);
    const before = getsOf(stack, id);
    const note = { session_id: id, topic: "check_completion", check_id: randomUUID() };
    expect((await postWebhook(stack.gateway.url, note, bearerAuth())).json).toEqual({ status: "accepted" });
    expect((await postWebhook(stack.gateway.url, note, bearerAuth())).json).toEqual({ status: "duplicate" });
    expect((await postWebhook(stack.gateway.url, { ...note, topic: "CHECK_COMPLETION" }, bearerAuth())).json).toEqual({ status: "duplicate" });
    // A different notification after the duplicates: once its event is in, the duplicates' would have been too.
    const marker = { session_id: id, topic: "task_completion", task_id: randomUUID() };
    await postWebhook(stack.gateway.url, marker, bearerAuth());
    await sub.waitFor(3);
    expect(sub.events.map((e) => e.data?.sessionUpdated.topic)).toEqual(["snapshot", "check_completion", "task_completion"]);
    expect(sub.events[1]!.data?.sessionUpdated.checkId).toBe(note.check_id);
    expect(getsOf(stack, id)).toBe(before + 2);
    expect(await metricValue(stack, "idv_graph_webhook_deliveries_total", { topic: "check_completion", outcome: "duplicate" })).toBe(2);
    sub.stop();
    await client.dispose();
  });

  it("answers 200 before the upstream GET it causes has finished", async () => {
    const id = parkedSession(stack);
    const client = wsClient(stack.gateway.url);
    const sub = collect(client, SESSION_QUERY, { id });
    await sub.waitFor(1);
    stack.emulator.setFault(id, { delayMs: 2_000, times: 1 });
    try {
      const res = await postWebhook(stack.gateway.url, { session_id: id, topic: "resource_update", resource_id: "r" }, bearerAuth());
      expect(res.status).toBe(200);
      // The GET the notification caused is stalled upstream now; the answer did not wait for it.
      await until(() => stack.emulator.stats().inFlight >= 1, { timeoutMs: 10_000, what: "the stalled GET" });
      expect(sub.events).toHaveLength(1);
      await sub.waitFor(2);
      expect(sub.events[1]!.data?.sessionUpdated.topic).toBe("resource_update");
    } finally {
      stack.emulator.clearFaults();
      sub.stop();
      await client.dispose();
    }
  });

  it("a notification for a session nobody watches costs no upstream call", async () => {
    const id = randomUUID();
    expect((await postWebhook(stack.gateway.url, { session_id: id, topic: "session_completion" }, bearerAuth())).status).toBe(200);
    expect((await postWebhook(stack.gateway.url, { session_id: id, topic: "resource_update", resource_id: "a" }, bearerAuth())).status).toBe(200);
    expect(stack.emulator.stats().sessionGets[id]).toBeUndefined();
  });

  it("only POST", async () => {
    const res = await fetch(new URL("webhooks/yoti", stack.gateway.url), { headers: bearerAuth() });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
});

describe("POST /webhooks/yoti with BASIC auth, and without webhook configuration", () => {
  let basic: Stack;
  let none: Stack;
  beforeAll(async () => {
    [basic, none] = await Promise.all([startLiveStack({ authType: "BASIC" }), startStack()]);
  });
  afterAll(async () => {
    await basic?.close();
    await none?.close();
  });

  it("BASIC: Yoti's form (base64 of the token as given) is accepted; the bearer form and a wrong encoding are not", async () => {
    const body = { session_id: randomUUID(), topic: "session_completion" };
    expect((await postWebhook(basic.gateway.url, body, basicAuth())).status).toBe(200);
    expect((await postWebhook(basic.gateway.url, body, { authorization: `basic ${Buffer.from(WEBHOOK_TOKEN).toString("base64")}` })).status).toBe(200);
    expect((await postWebhook(basic.gateway.url, body, bearerAuth())).status).toBe(401);
    expect((await postWebhook(basic.gateway.url, body, { authorization: `Basic ${WEBHOOK_TOKEN}` })).status).toBe(401);
    const unauthorized = await fetch(new URL("webhooks/yoti", basic.gateway.url), { method: "POST", body: "{}" });
    expect(unauthorized.headers.get("www-authenticate")).toBe('Basic realm="yoti-notifications"');
  });

  it("BASIC: the emulator's notifications (Yoti's sender) reach a subscriber", async () => {
    const id = parkedSession(basic);
    const client = wsClient(basic.gateway.url);
    const sub = collect(client, SESSION_QUERY, { id });
    await sub.waitFor(1);
    expect(await basic.emulator.notify(id, "resource_update", { resource_id: "res-1" })).toEqual({ status: 200 });
    await sub.waitFor(2);
    expect(sub.events[1]!.data?.sessionUpdated).toMatchObject({ topic: "resource_update", resourceId: "res-1" });
    sub.stop();
    await client.dispose();
  });

  it("no YOTI_WEBHOOK_* configured: 404, whatever is sent", async () => {
    const res = await postWebhook(none.gateway.url, { session_id: randomUUID(), topic: "session_completion" }, bearerAuth());
    expect(res.status).toBe(404);
    expect(res.json.errors[0].extensions.code).toBe("NOT_FOUND");
  });
});
