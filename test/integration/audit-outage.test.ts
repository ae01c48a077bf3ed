import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAuditStore } from "../../src/audit/open-audit-store.js";
import { DEFAULTS } from "../support/gateway-options.js";
import { demoSession } from "../support/demo-data.js";
import { getsOf } from "../support/live.js";
import { startPostgres, type PostgresServer } from "../support/postgres-server.js";
import { startStack, type Stack } from "../support/stack.js";
import { apiKeyEntry, bearer } from "../support/tokens.js";
import { until } from "../support/wait.js";

// When the audit store cannot take events, no personal data leaves: the rest of each answer does.

const VALUES = `query Values($id: ID!) {
  session(id: $id) { id state clientSessionToken resources { idDocuments { documentFields { values { fullName dateOfBirth documentNumber } } pages { media { id url } } } } }
}`;
const READER = `rk_${randomUUID()}`;

/** Every string value in an answer (the personal ones are looked for among them). */
function strings(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, into);
  return into;
}

describe("the audit store down (a real PostgreSQL server stopped mid-load)", () => {
  let postgres: PostgresServer;
  let store: Awaited<ReturnType<typeof openAuditStore>>;
  let stack: Stack;
  const approved = demoSession("approved").session_id as string;
  const personal = demoSession("approved");
  const ask = async (headers: Record<string, string> = {}) => {
    const requestId = `o-${randomUUID()}`;
    const { status, json } = await stack.post(JSON.stringify({ query: VALUES, variables: { id: approved } }), { ...bearer(READER), "x-request-id": requestId, ...headers });
    return { status, json: json as any, requestId };
  };

  beforeAll(async () => {
    postgres = await startPostgres();
    store = await openAuditStore({ ...DEFAULTS.audit, databaseUrl: postgres.url });
    stack = await startStack({
      auth: { apiKeys: [apiKeyEntry("reader", READER, ["sessions:read", "pii:read", "media:read"])] },
      audit: { store, requirePurpose: false },
      cache: { ttlSeconds: 3_600, responseTtlSeconds: 3_600 },
    });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await store?.close();
    await postgres?.close();
  });

  it("no answer with personal data leaves without its event; the others carry null and AUDIT_UNAVAILABLE at every personal path; readiness says so; all recovers", async () => {
    const token = personal.client_session_token as string;
    const answers: Awaited<ReturnType<typeof ask>>[] = [];
    let stopped = false;
    const load = (async () => {
      // Requests keep coming while the server stops and after.
      for (let i = 0; i < 400 && !(stopped && answers.filter((a) => a.json.errors).length >= 20); i++) {
        answers.push(...(await Promise.all([ask(), ask(), ask(), ask()])));
      }
    })();
    await until(() => answers.length >= 20, { what: "answers before the stop" });
    await postgres.stop();
    stopped = true;
    await load;

    const withValues = answers.filter((a) => strings(a.json.data).includes(token));
    const withheld = answers.filter((a) => !strings(a.json.data).includes(token));
    expect(withValues.length).toBeGreaterThan(0);
    expect(withheld.length).toBeGreaterThan(0);
    for (const answer of withheld) {
      expect(answer.status).toBe(200);
      // The rest of the answer still came.
      expect(answer.json.data.session).toMatchObject({ id: approved, state: "COMPLETED", clientSessionToken: null });
      const codes = new Set(answer.json.errors.map((e: any) => e.extensions.code));
      expect(codes).toEqual(new Set(["AUDIT_UNAVAILABLE"]));
      expect(answer.json.errors.map((e: any) => e.path.join("."))).toContain("session.clientSessionToken");
      expect(strings(answer.json.data)).not.toContain(token);
    }
    const ready = await fetch(new URL("health/ready", stack.gateway.url));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "audit_unavailable" });

    await postgres.start();
    await until(() => store.available, { what: "the store back", timeoutMs: 20_000 });
    expect((await fetch(new URL("health/ready", stack.gateway.url))).status).toBe(200);
    // Every answer that carried the values has its event.
    const recorded = new Set<string>();
    for await (const event of store.stream({})) recorded.add(event.requestId);
    for (const answer of withValues) expect(recorded.has(answer.requestId)).toBe(true);
    for (const answer of withheld) expect(recorded.has(answer.requestId)).toBe(false);
    const after = await ask();
    expect(after.json.errors).toBeUndefined();
    expect(strings(after.json.data)).toContain(token);
  }, 90_000);

  it("a media download while the store is down answers 503 and sends no byte", async () => {
    const res = await ask();
    const url = res.json.data.session.resources.idDocuments[0].pages[0].media.url as string;
    await postgres.stop();
    try {
      const download = await fetch(url);
      expect(download.status).toBe(503);
      expect(await download.json()).toEqual({ error: { code: "AUDIT_UNAVAILABLE", message: expect.any(String) } });
    } finally {
      await postgres.start();
      await until(() => store.available, { what: "the store back", timeoutMs: 20_000 });
    }
    expect((await fetch(url)).status).toBe(200);
  }, 60_000);

  it("a response cache hit writes its caller's event before it is served, and is not served while the store is down", async () => {
    const sessionId = randomUUID();
    stack.emulator.addSession(sessionId, { ...demoSession("approved"), session_id: sessionId });
    const NO_MEDIA = `query Kept($id: ID!) { session(id: $id) { clientSessionToken resources { idDocuments { documentFields { values { fullName } } } } } }`;
    const post = async (headers: Record<string, string> = {}) => {
      const requestId = `c-${randomUUID()}`;
      const { json } = await stack.post(JSON.stringify({ query: NO_MEDIA, variables: { id: sessionId } }), { ...bearer(READER), "x-request-id": requestId, ...headers });
      return { json: json as any, requestId };
    };
    const first = await post();
    const second = await post({ "x-access-purpose": "second look" });
    expect(second.json).toEqual(first.json);
    const hit = stack.logs.records().find((r) => r.reqId === second.requestId);
    expect(JSON.stringify(hit)).toContain('"responseCache":"hit"');
    const events = (await store.list({ first: 500, sessionId })).events;
    expect(events.find((e) => e.requestId === second.requestId)).toMatchObject({ caller: "reader", purpose: "second look", outcome: "ANSWERED" });
    await postgres.stop();
    try {
      const down = await post();
      expect(down.json.data.session.clientSessionToken).toBeNull();
      expect(down.json.errors[0].extensions.code).toBe("AUDIT_UNAVAILABLE");
    } finally {
      await postgres.start();
      await until(() => store.available, { what: "the store back", timeoutMs: 20_000 });
    }
    expect(getsOf(stack, sessionId)).toBe(1);
  }, 60_000);
});

describe("GATEWAY_AUDIT_REQUIRE_PURPOSE=true", () => {
  let postgres: PostgresServer;
  let store: Awaited<ReturnType<typeof openAuditStore>>;
  let stack: Stack;
  const approved = demoSession("approved").session_id as string;

  beforeAll(async () => {
    postgres = await startPostgres();
    store = await openAuditStore({ ...DEFAULTS.audit, databaseUrl: postgres.url });
    stack = await startStack({ auth: { apiKeys: [apiKeyEntry("reader", READER, ["sessions:read", "pii:read", "media:read"])] }, audit: { store, requirePurpose: true } });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await store?.close();
    await postgres?.close();
  });

  it("no purpose, no personal data (PURPOSE_REQUIRED, recorded as a refusal); the rest of the answer comes; with one, all of it", async () => {
    const requestId = `p-${randomUUID()}`;
    const without = await stack.post(JSON.stringify({ query: VALUES, variables: { id: approved } }), { ...bearer(READER), "x-request-id": requestId });
    const body = without.json as any;
    expect(body.data.session).toMatchObject({ id: approved, state: "COMPLETED", clientSessionToken: null });
    expect(new Set(body.errors.map((e: any) => e.extensions.code))).toEqual(new Set(["PURPOSE_REQUIRED"]));
    const [event] = (await store.list({ first: 50 })).events.filter((e) => e.requestId === requestId);
    expect(event).toMatchObject({ outcome: "PURPOSE_REQUIRED", coordinates: [] });
    expect(event!.refused).toContain("Session.clientSessionToken");
    const withPurpose = await stack.post(JSON.stringify({ query: VALUES, variables: { id: approved } }), { ...bearer(READER), "x-access-purpose": "onboarding" });
    expect((withPurpose.json as any).errors).toBeUndefined();
  });
});

describe("the embedded PGlite store closed mid-load", () => {
  let store: Awaited<ReturnType<typeof openAuditStore>>;
  let stack: Stack;
  let dir: string;
  const approved = demoSession("approved").session_id as string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "idv-graph-pglite-outage-"));
    store = await openAuditStore({ ...DEFAULTS.audit, dir });
    stack = await startStack({ auth: { apiKeys: [apiKeyEntry("reader", READER, ["sessions:read", "pii:read", "media:read"])] }, audit: { store, requirePurpose: false } });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("no answer carries the values without its event: those before the close are recorded, those after are withheld", async () => {
    const token = demoSession("approved").client_session_token as string;
    const ask = async () => {
      const requestId = `g-${randomUUID()}`;
      const { json } = await stack.post(JSON.stringify({ query: VALUES, variables: { id: approved } }), { ...bearer(READER), "x-request-id": requestId });
      return { json: json as any, requestId };
    };
    const answers: Awaited<ReturnType<typeof ask>>[] = [];
    const load = (async () => {
      for (let i = 0; i < 60; i++) answers.push(...(await Promise.all([ask(), ask(), ask()])));
    })();
    await until(() => answers.length >= 15, { what: "answers before the close" });
    // Read what it holds first: a closed PGlite answers nothing more.
    const closing = store.close();
    await load;
    await closing;
    const withValues = answers.filter((a) => strings(a.json.data).includes(token));
    const withheld = answers.filter((a) => !strings(a.json.data).includes(token));
    expect(withValues.length).toBeGreaterThan(0);
    expect(withheld.length).toBeGreaterThan(0);
    for (const answer of withheld) expect(new Set(answer.json.errors.map((e: any) => e.extensions.code))).toEqual(new Set(["AUDIT_UNAVAILABLE"]));
    // Reopened (as a restart would), every answer that carried the values has its event.
    store = await openAuditStore({ ...DEFAULTS.audit, dir });
    const recorded = new Set<string>();
    for await (const event of store.stream({})) recorded.add(event.requestId);
    for (const answer of withValues) expect(recorded.has(answer.requestId)).toBe(true);
    const metrics = await stack.metrics.registry.metrics();
    expect(metrics).toMatch(/idv_graph_audit_append_failures_total [1-9]/);
    expect(metrics).toMatch(/idv_graph_audit_events_total\{transport="http",outcome="ANSWERED"\} [1-9]/);
  }, 90_000);
});
