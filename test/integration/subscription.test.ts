import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIVE_DEMO_TOPICS } from "../support/demo-data.js";
import { apiKeyEntry, bearer, createJwtIssuer } from "../support/tokens.js";
import type { Stack } from "../support/stack.js";
import { bearerAuth, collect, getsOf, metricValue, parkedSession, postWebhook, startLiveStack, wsClient } from "../support/live.js";
import { until } from "../support/wait.js";

const KEYS = { reader: `rk_${randomUUID()}`, full: `fk_${randomUUID()}`, mediaOnly: `mk_${randomUUID()}` };
const issuer = createJwtIssuer({ subject: "frontend-user" });

const FULL = `subscription Live($id: ID!) {
  sessionUpdated(id: $id) {
    topic receivedAt resourceId taskId checkId
    session {
      id state clientSessionToken
      checks { id type state resources { id } report { recommendation { value } } }
      resources { idDocuments { id documentType tasks { id state checks { id } } pages { media { id url } }
        documentFields { media { id url } values { fullName dateOfBirth documentNumber } } } }
    }
  }
}`;

describe("sessionUpdated over graphql-ws", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startLiveStack({
      auth: {
        apiKeys: [apiKeyEntry("reader", KEYS.reader, ["sessions:read"]), apiKeyEntry("full", KEYS.full, ["sessions:read", "pii:read", "media:read"]), apiKeyEntry("media-only", KEYS.mediaOnly, ["media:read"])],
        jwt: issuer.authConfig(),
      },
    });
  });
  afterAll(() => stack?.close());

  it("the current state first, then one event per notification through the played session, ending after COMPLETED", async () => {
    const id = parkedSession(stack);
    const events = (topic: string) => metricValue(stack, "idv_graph_live_events_total", { topic });
    const counted = async () => [await events("snapshot"), await events("resource_update"), await events("session_completion")];
    const countedBefore = await counted();
    const client = wsClient(stack.gateway.url, bearer(KEYS.full));
    const sub = collect(client, FULL, { id });
    await sub.waitFor(1);
    expect(sub.events[0]!.errors).toBeUndefined();
    expect(sub.events[0]!.data.sessionUpdated).toMatchObject({ topic: "snapshot", session: { id, state: "ONGOING", checks: [] } });
    const before = getsOf(stack, id);
    stack.emulator.play({ sessionId: id, stepMs: 150 });
    await sub.ended;
    const updates = sub.events.map((e) => e.data.sessionUpdated);
    expect(sub.events.every((e) => e.errors === undefined)).toBe(true);
    expect(updates.map((u) => u.topic)).toEqual(["snapshot", ...LIVE_DEMO_TOPICS]);
    // Each event delivered is counted under its topic.
    expect((await counted()).map((n, i) => n - countedBefore[i]!)).toEqual([1, 2, 1]);
    // One upstream GET per notification at most (two arriving during one fetch share the next).
    expect(getsOf(stack, id) - before).toBeLessThanOrEqual(8);
    const last = updates.at(-1)!;
    expect(last.session.state).toBe("COMPLETED");
    expect(last.session.checks.map((c: any) => [c.type, c.state, c.report.recommendation.value])).toEqual([
      ["ID_DOCUMENT_AUTHENTICITY", "DONE", "APPROVE"],
      ["ID_DOCUMENT_TEXT_DATA_CHECK", "DONE", "APPROVE"],
      ["LIVENESS", "DONE", "APPROVE"],
      ["ID_DOCUMENT_FACE_MATCH", "DONE", "APPROVE"],
    ]);
    // Edges and media resolve per subscriber: Check.resources, Task.checks, Media.url, DocumentFields.values.
    const doc = last.session.resources.idDocuments[0];
    expect(last.session.checks[0].resources.map((r: any) => r.id)).toContain(doc.id);
    expect(doc.tasks[0].checks.map((c: any) => c.id)).toEqual([last.session.checks[1].id]);
    expect(doc.pages[0].media.url).toMatch(/\/media\//);
    expect(doc.documentFields.values.fullName).toBe("JANE ALICE SPECIMEN");
    expect(updates[5].checkId).toBe(last.session.checks[1].id);
    const image = await fetch(doc.pages[0].media.url);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/jpeg");
    expect(sub.isEnded()).toBe(true);
    await client.dispose();
  });

  it("sessions:read alone: personal fields and media URLs are FORBIDDEN, the rest resolves, no media is fetched", async () => {
    const id = randomUUID();
    // Played to the end first: the snapshot is COMPLETED, with document fields, and the stream ends with it.
    await stack.emulator.play({ sessionId: id, stepMs: 1, notify: false }).done;
    const client = wsClient(stack.gateway.url, bearer(KEYS.reader));
    stack.emulator.resetStats();
    const sub = collect(client, FULL, { id });
    await sub.ended;
    expect(sub.events).toHaveLength(1);
    const [event] = sub.events;
    expect(event!.data.sessionUpdated.session.state).toBe("COMPLETED");
    const codes = Object.fromEntries(event!.errors!.map((e) => [e.path!.join("."), e.extensions!.code]));
    expect(codes).toEqual({
      "sessionUpdated.session.clientSessionToken": "FORBIDDEN",
      "sessionUpdated.session.resources.idDocuments.0.pages.0.media.url": "FORBIDDEN",
      "sessionUpdated.session.resources.idDocuments.0.documentFields.media.url": "FORBIDDEN",
      "sessionUpdated.session.resources.idDocuments.0.documentFields.values": "FORBIDDEN",
    });
    expect(event!.data.sessionUpdated.session.resources.idDocuments[0].documentFields.values).toBeNull();
    expect(stack.emulator.stats().mediaGets).toEqual({});
    await client.dispose();
  });

  it("a JWT whose idv_session_ids lacks the id or is empty, or a caller without sessions:read: FORBIDDEN and no upstream call", async () => {
    const id = parkedSession(stack);
    stack.emulator.resetStats();
    const granted = randomUUID();
    // An empty list grants nothing, here as over HTTP: it is never read as "no restriction".
    for (const token of [await issuer.sign({ scope: "sessions:read pii:read", idv_session_ids: [granted] }), await issuer.sign({ scope: "sessions:read pii:read", idv_session_ids: [] }), KEYS.mediaOnly]) {
      const client = wsClient(stack.gateway.url, bearer(token));
      const sub = collect(client, FULL, { id });
      await sub.ended;
      expect(sub.events).toHaveLength(1);
      expect(sub.events[0]!.data ?? null).toBeNull();
      expect(sub.events[0]!.errors!.map((e) => e.extensions!.code)).toEqual(["FORBIDDEN"]);
      await client.dispose();
    }
    expect(stack.emulator.stats().total).toBe(0);
    // The granted id (any case) is served.
    const client = wsClient(stack.gateway.url, bearer(await issuer.sign({ scope: "sessions:read", idv_session_ids: [id.toUpperCase()] })));
    const sub = collect(client, `subscription($id: ID!) { sessionUpdated(id: $id) { session { id } } }`, { id });
    await sub.waitFor(1);
    expect(sub.events[0]!.data.sessionUpdated.session.id).toBe(id);
    sub.stop();
    await client.dispose();
  });

  it("no or bad credentials: the connection is closed (4401, with HTTP's 401 message) before any subscription", async () => {
    // A valid key sent as anything but a string is no credential either.
    const inList = { authorization: [bearer(KEYS.reader).authorization] };
    for (const params of [undefined, bearer("nope"), bearer(await issuer.sign({ scope: "sessions:read" }) + "x"), inList]) {
      const client = wsClient(stack.gateway.url, params);
      const sub = collect(client, FULL, { id: randomUUID() });
      const error = (await sub.ended) as { code?: number; reason?: string };
      expect([error.code, error.reason]).toEqual([4401, "Missing or invalid credentials: send Authorization: Bearer <API key or JWT>"]);
      expect(sub.events).toHaveLength(0);
      await client.dispose();
    }
    // The upgrade request's Authorization header works for clients that cannot send connectionParams.
    const client = wsClient(stack.gateway.url, undefined, { headers: bearer(KEYS.reader) });
    const sub = collect(client, `subscription($id: ID!) { sessionUpdated(id: $id) { topic } }`, { id: parkedSession(stack) });
    await sub.waitFor(1);
    sub.stop();
    await client.dispose();
  });

  it("50 subscribers of one session, on 5 connections, with their own selections: one upstream GET per change", async () => {
    const id = parkedSession(stack);
    const clients = Array.from({ length: 5 }, (_, i) => wsClient(stack.gateway.url, bearer(i % 2 === 0 ? KEYS.full : KEYS.reader)));
    const subs = Array.from({ length: 50 }, (_, i) =>
      collect(clients[i % 5]!, i % 3 === 0 ? FULL : `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { state checks { state } } } }`, { id }),
    );
    await Promise.all(subs.map((s) => s.waitFor(1)));
    const before = getsOf(stack, id);
    const beforeMetric = await metricValue(stack, "idv_graph_live_upstream_gets_total", { cause: "notification" });
    for (let n = 1; n <= 3; n += 1) {
      await postWebhook(stack.gateway.url, { session_id: id, topic: "resource_update", resource_id: `r${n}` }, bearerAuth());
      await Promise.all(subs.map((s) => s.waitFor(1 + n)));
      expect(getsOf(stack, id) - before).toBe(n);
    }
    expect(await metricValue(stack, "idv_graph_live_upstream_gets_total", { cause: "notification" })).toBe(beforeMetric + 3);
    expect(await metricValue(stack, "idv_graph_live_subscriptions")).toBe(50);
    for (const s of subs) expect(s.events.map((e) => e.data.sessionUpdated.topic)).toEqual(["snapshot", "resource_update", "resource_update", "resource_update"]);
    subs.forEach((s) => s.stop());
    await Promise.all(clients.map((c) => c.dispose()));
    await until(async () => (await metricValue(stack, "idv_graph_live_subscriptions")) === 0, { timeoutMs: 10_000, what: "subscriptions to close" });
  });

  it("a session Yoti does not know: one event with NOT_FOUND, then the stream ends", async () => {
    const client = wsClient(stack.gateway.url, bearer(KEYS.reader));
    const sub = collect(client, `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { id } } }`, { id: randomUUID() });
    await sub.ended;
    expect(sub.events).toHaveLength(1);
    expect(sub.events[0]!.data.sessionUpdated).toEqual({ topic: "snapshot", session: null });
    expect(sub.events[0]!.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    await client.dispose();
  });
});
