import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentValuesDocument } from "../generated/graphql.js";
import { demoCopy, demoSession } from "../support/demo-data.js";
import { bearerAuth, collect, getsOf, metricValue, postWebhook, startLiveStack, wsClient } from "../support/live.js";
import { until } from "../support/wait.js";
import { startStack, type Stack } from "../support/stack.js";

const CHECKS = `query($id: ID!) { session(id: $id) { id state checks { id state } } }`;
const SUBSCRIBE = `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { state checks { id state } } } }`;
const HOUR = 3_600;

/** A fresh copy of a demo session under a new id (so no other test shares its counters or cache entry). */
function addCopy(stack: Stack, demo: string, change?: (body: Record<string, any>) => void): string {
  const id = randomUUID();
  stack.emulator.addSession(id, demoCopy(demo, id, change));
  return id;
}

async function ask(stack: Stack, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const { status, json } = await stack.post(JSON.stringify({ query, variables }), headers);
  return { status, json };
}

const cacheMetric = (stack: Stack, name: string, labels: Record<string, string>) => metricValue(stack, `idv_graph_session_cache_${name}`, labels);
const mediaGetsOf = (stack: Stack, sessionId: string) =>
  Object.entries(stack.emulator.stats().mediaGets)
    .filter(([key]) => key.startsWith(`${sessionId}/`))
    .reduce((n, [, count]) => n + count, 0);

describe("session cache on (GATEWAY_CACHE_TTL_SECONDS=3600), webhooks configured", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startLiveStack({ cache: { ttlSeconds: HOUR } });
  });
  afterAll(() => stack?.close());

  it("a finished session (COMPLETED, EXPIRED) is fetched once: later requests make no upstream GET and get the same answer", async () => {
    for (const demo of ["approved", "expired"]) {
      const id = addCopy(stack, demo);
      const hitsBefore = await cacheMetric(stack, "hits_total", { kind: "session" });
      const first = await ask(stack, CHECKS, { id });
      expect(first.json.errors).toBeUndefined();
      expect(first.json.data.session.state).toBe(demo === "approved" ? "COMPLETED" : "EXPIRED");
      expect(getsOf(stack, id)).toBe(1);
      for (let i = 0; i < 3; i++) expect(await ask(stack, CHECKS, { id })).toEqual(first);
      expect(getsOf(stack, id)).toBe(1);
      expect(await cacheMetric(stack, "hits_total", { kind: "session" })).toBe(hitsBefore + 3);
    }
    expect(await cacheMetric(stack, "bytes", { kind: "session" })).toBeGreaterThan(0);
  });

  it("an ONGOING session is fetched by every request, and never held", async () => {
    const id = addCopy(stack, "ongoing");
    const held = await cacheMetric(stack, "bytes", { kind: "session" });
    for (let i = 1; i <= 3; i++) {
      const res = await ask(stack, CHECKS, { id });
      expect(res.json.data.session.state).toBe("ONGOING");
      expect(getsOf(stack, id)).toBe(i);
    }
    expect(await cacheMetric(stack, "bytes", { kind: "session" })).toBe(held);
  });

  it("requests arriving together for a session not yet kept share one upstream GET", async () => {
    const id = addCopy(stack, "approved");
    const answers = await Promise.all(Array.from({ length: 16 }, () => ask(stack, CHECKS, { id })));
    for (const answer of answers) expect(answer.json.data.session.id).toBe(id);
    expect(getsOf(stack, id)).toBe(1);
  });

  it("a webhook for a kept session evicts it: the next request fetches, and sees the new body", async () => {
    const id = addCopy(stack, "approved");
    const before = await ask(stack, CHECKS, { id });
    await ask(stack, CHECKS, { id });
    expect(getsOf(stack, id)).toBe(1);
    // Yoti changes the session (a check is redone) and notifies.
    const changed = demoCopy("approved", id, (body) => (body.checks[0].state = "REDONE"));
    stack.emulator.addSession(id, changed);
    const evictedBefore = await cacheMetric(stack, "evictions_total", { kind: "session", reason: "notification" });
    const webhook = await postWebhook(stack.gateway.url, { session_id: id, topic: "check_completion", check_id: changed.checks[0].id }, bearerAuth());
    expect(webhook.status).toBe(200);
    expect(await cacheMetric(stack, "evictions_total", { kind: "session", reason: "notification" })).toBe(evictedBefore + 1);
    const after = await ask(stack, CHECKS, { id });
    expect(getsOf(stack, id)).toBe(2);
    expect(after.json.data.session.checks[0].state).toBe("REDONE");
    expect(before.json.data.session.checks[0].state).toBe("DONE");
    // Kept again from here on.
    await ask(stack, CHECKS, { id });
    expect(getsOf(stack, id)).toBe(2);
  });

  it("a repeated notification still evicts: the body changed after the first, and the repeat (any case) must not leave the old body served", async () => {
    const id = addCopy(stack, "approved");
    const checkId = demoSession("approved").checks[0].id as string;
    const note = { session_id: id, topic: "check_completion", check_id: checkId };
    expect((await postWebhook(stack.gateway.url, note, bearerAuth())).json).toEqual({ status: "accepted" });
    // Read and kept after the first notification.
    expect((await ask(stack, CHECKS, { id })).json.data.session.checks[0].state).toBe("DONE");
    await ask(stack, CHECKS, { id });
    expect(getsOf(stack, id)).toBe(1);
    // Yoti changes the session, then delivers the same notification again (a retry, subject id in upper case).
    stack.emulator.addSession(id, demoCopy("approved", id, (body) => (body.checks[0].state = "REDONE")));
    const repeat = await postWebhook(stack.gateway.url, { ...note, check_id: checkId.toUpperCase() }, bearerAuth());
    expect(repeat.json).toEqual({ status: "duplicate" });
    expect((await ask(stack, CHECKS, { id })).json.data.session.checks[0].state).toBe("REDONE");
    expect(getsOf(stack, id)).toBe(2);
  });

  it("failures are never kept: a 404 and a 503 are asked again, and the first success is then kept", async () => {
    const missing = randomUUID();
    for (let i = 1; i <= 2; i++) {
      const res = await ask(stack, CHECKS, { id: missing });
      expect(res.json.errors[0].extensions.code).toBe("NOT_FOUND");
      expect(getsOf(stack, missing)).toBe(i);
    }
    const id = addCopy(stack, "approved");
    // Every attempt of the first read fails (one attempt plus the default two retries).
    stack.emulator.setFault(id, { status: 503, times: 3 });
    const failed = await ask(stack, CHECKS, { id });
    expect(failed.json.errors[0].extensions.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(getsOf(stack, id)).toBe(3);
    const ok = await ask(stack, CHECKS, { id });
    expect(ok.json.data.session.state).toBe("COMPLETED");
    expect(getsOf(stack, id)).toBe(4);
    await ask(stack, CHECKS, { id });
    expect(getsOf(stack, id)).toBe(4);
  });

  it("JSON media contents are kept with their session: the second request fetches neither; a notification drops both", async () => {
    const id = addCopy(stack, "approved");
    const first = await stack.query(DocumentValuesDocument, { id });
    expect(first.errors).toBeUndefined();
    expect(first.data!.session!.resources!.idDocuments![0]!.documentFields!.values!.fullName).toBe("JANE ALICE SPECIMEN");
    const mediaGets = mediaGetsOf(stack, id);
    expect(mediaGets).toBeGreaterThan(0);
    expect(await cacheMetric(stack, "bytes", { kind: "media" })).toBeGreaterThan(0);
    const second = await stack.query(DocumentValuesDocument, { id });
    expect(second).toEqual(first);
    expect(getsOf(stack, id)).toBe(1);
    expect(mediaGetsOf(stack, id)).toBe(mediaGets);

    const mediaEvicted = await cacheMetric(stack, "evictions_total", { kind: "media", reason: "notification" });
    await postWebhook(stack.gateway.url, { session_id: id, topic: "session_completion" }, bearerAuth());
    expect(await cacheMetric(stack, "evictions_total", { kind: "media", reason: "notification" })).toBeGreaterThan(mediaEvicted);
    expect(await stack.query(DocumentValuesDocument, { id })).toEqual(first);
    expect(getsOf(stack, id)).toBe(2);
    expect(mediaGetsOf(stack, id)).toBe(2 * mediaGets);
  });

  it("a subscription after a cached read gets a freshly fetched body, not the kept one", async () => {
    const id = addCopy(stack, "approved");
    await ask(stack, CHECKS, { id });
    expect(getsOf(stack, id)).toBe(1);
    // Changed upstream without a notification: the kept body is now behind (until its TTL or a notification).
    stack.emulator.addSession(id, demoCopy("approved", id, (body) => (body.checks[1].state = "REDONE")));
    const client = wsClient(stack.gateway.url);
    const sub = collect(client, SUBSCRIBE, { id });
    await sub.waitFor(1);
    expect(getsOf(stack, id)).toBe(2);
    expect(sub.events[0]!.data.sessionUpdated.topic).toBe("snapshot");
    expect(sub.events[0]!.data.sessionUpdated.session.checks[1].state).toBe("REDONE");
    await sub.ended;
    await client.dispose();
  });
});

describe("session cache with a 1 s TTL", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ cache: { ttlSeconds: 1 } });
  });
  afterAll(() => stack?.close());

  it("an entry leaves when its TTL passes (counted as ttl), and the next request fetches again", async () => {
    const id = addCopy(stack, "approved");
    await ask(stack, CHECKS, { id });
    await ask(stack, CHECKS, { id });
    expect(getsOf(stack, id)).toBe(1);
    await until(async () => (await cacheMetric(stack, "evictions_total", { kind: "session", reason: "ttl" })) >= 1, { timeoutMs: 15_000, what: "the entry to expire" });
    expect(await cacheMetric(stack, "bytes", { kind: "session" })).toBe(0);
    await ask(stack, CHECKS, { id });
    expect(getsOf(stack, id)).toBe(2);
  });
});

describe("session cache off (the default)", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  it("every request fetches the session and its media again, and no cache metric moves", async () => {
    const id = addCopy(stack, "approved");
    await stack.query(DocumentValuesDocument, { id });
    const mediaGets = mediaGetsOf(stack, id);
    expect(mediaGets).toBeGreaterThan(0);
    await stack.query(DocumentValuesDocument, { id });
    expect(getsOf(stack, id)).toBe(2);
    expect(mediaGetsOf(stack, id)).toBe(2 * mediaGets);
    for (const name of ["hits_total", "misses_total"]) expect(await cacheMetric(stack, name, { kind: "session" })).toBe(0);
  });
});
