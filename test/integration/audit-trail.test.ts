import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/audit-event.js";
import { openAuditStore } from "../../src/audit/open-audit-store.js";
import { verifyExportLines, verifyStore } from "../../src/audit/audit-verify.js";
import { DEFAULTS } from "../support/gateway-options.js";
import { demoSession } from "../support/demo-data.js";
import { collect, wsClient } from "../support/live.js";
import { startPostgres, type PostgresServer } from "../support/postgres-server.js";
import { startStack, type Stack } from "../support/stack.js";
import { apiKeyEntry, bearer, createJwtIssuer } from "../support/tokens.js";
import { until } from "../support/wait.js";

// The audit trail as callers meet it: a real gateway and emulator over HTTP and WebSocket, writing to
// a real PostgreSQL server started for this file.

const VALUES = `query Values($id: ID!) {
  session(id: $id) { id state clientSessionToken resources { idDocuments { documentFields { values { fullName dateOfBirth documentNumber } } } } }
}`;
const MEDIA = `query Media($id: ID!) { session(id: $id) { resources { idDocuments { pages { media { id url } } } } } }`;
const PLAIN = `query Plain($id: ID!) { session(id: $id) { id state } }`;
const TRAIL = `query Trail($sessionId: ID, $first: Int, $after: String) {
  auditEvents(sessionId: $sessionId, first: $first, after: $after) {
    edges { cursor node { seq at caller issuer transport operationName requestId sessionId coordinates refused mediaIds masked purpose outcome prevHash hash } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const KEYS = { reviewer: `rk_${randomUUID()}`, plain: `pk_${randomUUID()}`, auditor: `ak_${randomUUID()}`, masked: `mk_${randomUUID()}` };

describe("audit trail over a real PostgreSQL server", () => {
  let postgres: PostgresServer;
  let store: Awaited<ReturnType<typeof openAuditStore>>;
  let stack: Stack;
  const issuer = createJwtIssuer({ subject: "alice" });
  const approved = demoSession("approved").session_id as string;

  /** POSTs a GraphQL request with a key, a purpose and a request id of the test's choosing. */
  const ask = async (key: string | undefined, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const requestId = `t-${randomUUID()}`;
    const { status, json } = await stack.post(JSON.stringify({ query, variables }), { ...(key ? bearer(key) : {}), "x-request-id": requestId, ...headers });
    return { status, json: json as any, requestId };
  };
  /** The events one request wrote, read straight from the store. */
  const eventsOf = async (requestId: string): Promise<AuditEvent[]> => {
    const page = await store.list({ first: 500 });
    return page.events.filter((e) => e.requestId === requestId);
  };

  beforeAll(async () => {
    postgres = await startPostgres();
    store = await openAuditStore({ ...DEFAULTS.audit, databaseUrl: postgres.url });
    stack = await startStack({
      auth: {
        apiKeys: [
          apiKeyEntry("reviewer", KEYS.reviewer, ["sessions:read", "pii:read", "media:read"]),
          apiKeyEntry("plain", KEYS.plain, ["sessions:read"]),
          apiKeyEntry("auditor", KEYS.auditor, ["audit:read"]),
          apiKeyEntry("masked", KEYS.masked, ["sessions:read", "pii:masked"]),
        ],
        jwt: issuer.authConfig(),
      },
      audit: { store, requirePurpose: false },
    });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await store?.close();
    await postgres?.close();
  });

  it("an answer with document values writes one event for its session, durable before the answer, with the stated purpose", async () => {
    const res = await ask(KEYS.reviewer, VALUES, { id: approved }, { "x-access-purpose": "right-to-work check #4411" });
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.session.resources.idDocuments[0].documentFields.values.fullName).toBeTruthy();
    // Read at once, with no wait: the event was committed before the answer was sent.
    const [event, ...more] = await eventsOf(res.requestId);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      caller: "reviewer",
      issuer: null,
      transport: "http",
      operationName: "Values",
      sessionId: approved,
      refused: [],
      mediaIds: [],
      masked: false,
      purpose: "right-to-work check #4411",
      outcome: "ANSWERED",
    });
    expect(event!.coordinates).toEqual(expect.arrayContaining(["DocumentFieldValues.dateOfBirth", "DocumentFieldValues.documentNumber", "DocumentFieldValues.fullName", "Session.clientSessionToken"]));
    expect(event!.coordinates).toEqual([...event!.coordinates].sort());
    // Never the values themselves.
    const text = JSON.stringify(event);
    expect(text).not.toContain(res.json.data.session.resources.idDocuments[0].documentFields.values.fullName);
    expect(text).not.toContain(res.json.data.session.clientSessionToken);
  });

  it("an answer without personal data writes nothing", async () => {
    const res = await ask(KEYS.reviewer, PLAIN, { id: approved });
    expect(res.json.data.session.state).toBe("COMPLETED");
    expect(await eventsOf(res.requestId)).toEqual([]);
  });

  it("a caller without pii:read asking for document values: FORBIDDEN, recorded as a refusal", async () => {
    const res = await ask(KEYS.plain, VALUES, { id: approved });
    expect(res.json.errors.map((e: any) => e.extensions.code)).toContain("FORBIDDEN");
    const [event] = await eventsOf(res.requestId);
    expect(event).toMatchObject({ caller: "plain", sessionId: approved, coordinates: [], outcome: "FORBIDDEN" });
    expect(event!.refused).toEqual(expect.arrayContaining(["Session.clientSessionToken"]));
  });

  it("a request without valid credentials asking for personal fields: UNAUTHENTICATED, recorded with the session it named", async () => {
    // Over GET the operation is in the URL; a stranger's POST body is never read, so only the 401 of a POST is logged.
    const get = async (query: string) => {
      const requestId = `t-${randomUUID()}`;
      const url = new URL(stack.gateway.url);
      url.searchParams.set("query", query);
      url.searchParams.set("variables", JSON.stringify({ id: approved }));
      const res = await fetch(url, { headers: { ...bearer("not-a-key"), "x-request-id": requestId, "apollo-require-preflight": "true" } });
      return { status: res.status, requestId };
    };
    const res = await get(VALUES);
    expect(res.status).toBe(401);
    const [event] = await eventsOf(res.requestId);
    expect(event).toMatchObject({ caller: null, transport: "http", operationName: "Values", sessionId: approved, coordinates: [], outcome: "UNAUTHENTICATED" });
    expect(event!.refused).toEqual(expect.arrayContaining(["DocumentFieldValues.fullName", "Session.clientSessionToken"]));
    // Not asking for personal data: nothing to record.
    const plain = await get(PLAIN);
    expect(plain.status).toBe(401);
    expect(await eventsOf(plain.requestId)).toEqual([]);
    // A POST is refused before its body is read: nothing is known of what it asked, nothing recorded.
    const post = await ask("not-a-key", VALUES, { id: approved });
    expect(post.status).toBe(401);
    expect(await eventsOf(post.requestId)).toEqual([]);
  });

  it("a JWT caller is recorded by subject and issuer, with the token's purpose claim; the header wins over the claim", async () => {
    const token = await issuer.sign({ scope: "sessions:read pii:read", purpose: "fraud review" });
    const byClaim = await ask(token, VALUES, { id: approved });
    expect((await eventsOf(byClaim.requestId))[0]).toMatchObject({ caller: "jwt:alice", issuer: issuer.issuer, purpose: "fraud review" });
    const byHeader = await ask(token, VALUES, { id: approved }, { "x-access-purpose": "appeal" });
    expect((await eventsOf(byHeader.requestId))[0]).toMatchObject({ purpose: "appeal" });
  });

  it("a purpose over 200 characters is refused before anything runs", async () => {
    const res = await ask(KEYS.reviewer, VALUES, { id: approved }, { "x-access-purpose": "x".repeat(201) });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(await eventsOf(res.requestId)).toEqual([]);
  });

  it("a masked caller's event says masked", async () => {
    const res = await ask(KEYS.masked, VALUES, { id: approved });
    const [event] = await eventsOf(res.requestId);
    expect(event).toMatchObject({ caller: "masked", masked: true, outcome: "ANSWERED" });
    expect(event!.coordinates).toContain("DocumentFieldValues.dateOfBirth");
  });

  it("issuing media links records their ids; downloading the bytes records a media event for the caller the link was issued to", async () => {
    const res = await ask(KEYS.reviewer, MEDIA, { id: approved }, { "x-access-purpose": "id photo check" });
    const media = res.json.data.session.resources.idDocuments[0].pages[0].media;
    const [issued] = await eventsOf(res.requestId);
    expect(issued).toMatchObject({ caller: "reviewer", outcome: "ANSWERED" });
    expect(issued!.mediaIds).toContain(media.id);
    expect(issued!.coordinates).toContain("Media.url");
    const downloadId = `dl-${randomUUID()}`;
    const download = await fetch(media.url, { headers: { "x-request-id": downloadId } });
    expect(download.status).toBe(200);
    await download.arrayBuffer();
    const [served] = await eventsOf(downloadId);
    expect(served).toMatchObject({ caller: "reviewer", transport: "media", sessionId: approved, mediaIds: [media.id], purpose: "id photo check", outcome: "ANSWERED" });
  });

  it("a subscription event carrying personal data writes its own event, transport websocket", async () => {
    const client = wsClient(stack.gateway.url, { authorization: `Bearer ${KEYS.reviewer}` }, { headers: { "x-access-purpose": "live review" } });
    try {
      const stream = collect(client, `subscription Live($id: ID!) { sessionUpdated(id: $id) { topic session { clientSessionToken } } }`, { id: approved }, "Live");
      const [first] = await stream.waitFor(1);
      expect(first!.errors).toBeUndefined();
      stream.stop();
      await until(async () => (await store.list({ first: 500, sessionId: approved })).events.some((e) => e.transport === "websocket"), { what: "a websocket event" });
      const event = (await store.list({ first: 500, sessionId: approved })).events.find((e) => e.transport === "websocket");
      expect(event).toMatchObject({ caller: "reviewer", operationName: "Live", coordinates: ["Session.clientSessionToken"], purpose: "live review" });
    } finally {
      await client.dispose();
    }
  });

  it("auditEvents: audit:read only, newest first, paged by cursor, and reading it is itself recorded", async () => {
    const denied = await ask(KEYS.reviewer, TRAIL, { sessionId: approved, first: 2 });
    expect(denied.json.errors[0].extensions.code).toBe("FORBIDDEN");
    const first = await ask(KEYS.auditor, TRAIL, { sessionId: approved, first: 2 });
    expect(first.json.errors).toBeUndefined();
    const page = first.json.data.auditEvents;
    expect(page.edges).toHaveLength(2);
    expect(BigInt(page.edges[0].node.seq)).toBeGreaterThan(BigInt(page.edges[1].node.seq));
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await ask(KEYS.auditor, TRAIL, { sessionId: approved, first: 2, after: page.pageInfo.endCursor });
    expect(BigInt(next.json.data.auditEvents.edges[0].node.seq)).toBeLessThan(BigInt(page.edges[1].node.seq));
    expect((await eventsOf(first.requestId))[0]).toMatchObject({ caller: "auditor", coordinates: ["Query.auditEvents"], sessionId: approved });
    const bad = await ask(KEYS.auditor, TRAIL, { first: 2, after: "bm90LWEtY3Vyc29y" });
    expect(bad.json.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    const tooMany = await ask(KEYS.auditor, TRAIL, { first: 501 });
    expect(tooMany.json.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("GET /audit/export streams JSON Lines with the chain fields for audit:read, and the export is recorded", async () => {
    const url = new URL("audit/export", stack.gateway.url);
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: bearer(KEYS.reviewer) })).status).toBe(403);
    expect((await fetch(`${url}?from=yesterday`, { headers: bearer(KEYS.auditor) })).status).toBe(400);
    const exportId = `ex-${randomUUID()}`;
    const res = await fetch(url, { headers: { ...bearer(KEYS.auditor), "x-request-id": exportId } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/jsonl/);
    const text = await res.text();
    const lines = text.trim().split("\n").map((line) => JSON.parse(line));
    expect(lines[0]).toEqual({ checkpoint: { seq: "0", hash: "0".repeat(64) } });
    const events = lines.filter((line) => "seq" in line);
    expect(events.length).toBeGreaterThan(5);
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
    expect(events.at(-1)).toMatchObject({ requestId: exportId, transport: "export", caller: "auditor" });
    expect(await verifyExportLines(text.trim().split("\n"))).toMatchObject({ ok: true, start: "checkpoint" });
    // An edited line is named.
    const edited = text.trim().split("\n");
    edited[2] = edited[2]!.replace('"transport":"http"', '"transport":"media"');
    expect(await verifyExportLines(edited)).toMatchObject({ ok: false });
  });

  it("a federation _entities fetch is recorded as such", async () => {
    const subgraph = await startStack({ server: { federation: true }, auth: { apiKeys: [apiKeyEntry("router", KEYS.reviewer, ["sessions:read", "pii:read"])] }, audit: { store, requirePurpose: false } });
    try {
      const requestId = `e-${randomUUID()}`;
      const { json } = await subgraph.post(
        JSON.stringify({ query: "query Entities($r: [_Any!]!) { _entities(representations: $r) { ... on Session { clientSessionToken } } }", variables: { r: [{ __typename: "Session", id: approved }] } }),
        { ...bearer(KEYS.reviewer), "x-request-id": requestId },
      );
      expect((json as any).data._entities[0].clientSessionToken).toBeTruthy();
      expect((await eventsOf(requestId))[0]).toMatchObject({ caller: "router", transport: "entities", operationName: "Entities", sessionId: approved, coordinates: ["Session.clientSessionToken"] });
    } finally {
      await subgraph.close();
    }
  });

  it("the whole chain verifies", async () => {
    expect(await verifyStore(store)).toMatchObject({ ok: true });
  });
});
