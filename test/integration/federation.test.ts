import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiKeyEntry, bearer, createJwtIssuer } from "../support/tokens.js";
import { demoSession } from "../support/demo-data.js";
import { startStack, type Stack } from "../support/stack.js";
import { composeSupergraph, startRouter, startUsersSubgraph, type TestUser } from "../support/supergraph.js";

const approved = demoSession("approved").session_id as string;
const rejected = demoSession("rejected").session_id as string;
const ongoing = demoSession("ongoing").session_id as string;
const missing = randomUUID();
const typesOf = (name: string) => (demoSession(name).checks as { type: string }[]).map((c) => ({ type: c.type }));

/** 50 users over three demo sessions, plus one whose session Yoti does not know and one with none. */
const USERS: TestUser[] = [
  ...Array.from({ length: 50 }, (_, i) => ({ id: `u${i}`, name: `User ${i}`, idvSessionId: [approved, rejected, ongoing.toUpperCase()][i % 3]! })),
  { id: "lost", name: "Lost", idvSessionId: missing },
  { id: "none", name: "None", idvSessionId: null },
];

const USER_QUERY = `query ($id: ID!) { user(id: $id) { name idvSession { state checks { type } } } }`;
// `checks` is non-null: a session this subgraph could not give makes the router null the whole idvSession.
const USERS_QUERY = `query ($ids: [ID!]!) { users(ids: $ids) { id idvSession { id state checks { type } } } }`;

type Body = { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[] };

/** This gateway as a subgraph (GATEWAY_FEDERATION=true), the users subgraph, and @apollo/gateway composing both. */
async function startSupergraph(stack: Stack, headers: Record<string, string> = {}) {
  const users = await startUsersSubgraph(USERS);
  // The SDL a router composes is what `_service { sdl }` serves, over HTTP like `rover subgraph introspect`.
  const service = await stack.post(JSON.stringify({ query: "{ _service { sdl } }" }), headers);
  const sdl = (service.json as Body).data?._service?.sdl as string;
  const supergraphSdl = composeSupergraph([
    { name: "idv", url: stack.gateway.url, sdl },
    { name: "users", url: users.url, sdl: users.sdl },
  ]);
  const router = await startRouter(supergraphSdl);
  const query = async (query: string, variables: unknown, auth: Record<string, string> = headers): Promise<Body & { status: number }> => {
    const res = await fetch(router.url, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: JSON.stringify({ query, variables }) });
    return { status: res.status, ...((await res.json()) as Body) };
  };
  return {
    sdl,
    query,
    stop: async () => {
      await router.stop();
      await users.stop();
    },
  };
}

describe("Apollo Federation 2 subgraph (GATEWAY_FEDERATION=true)", () => {
  let stack: Stack;
  let supergraph: Awaited<ReturnType<typeof startSupergraph>>;
  beforeAll(async () => {
    stack = await startStack({ server: { federation: true } });
    supergraph = await startSupergraph(stack);
  });
  afterAll(async () => {
    await supergraph?.stop();
    await stack?.close();
  });
  beforeEach(() => stack.emulator.resetStats());

  it("serves the committed subgraph SDL at _service { sdl }, and it composes with another subgraph", () => {
    const committed = readFileSync(new URL("../../schema.subgraph.graphql", import.meta.url), "utf8");
    expect(committed.endsWith(`\n${supergraph.sdl}\n`)).toBe(true);
    expect(supergraph.sdl).toMatch(/type Session\s+@key\(fields: "id"\)/);
  });

  it("user { idvSession { state checks { type } } } end to end: the router fetches the session here, in one upstream GET", async () => {
    const res = await supergraph.query(USER_QUERY, { id: "u0" });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ user: { name: "User 0", idvSession: { state: "COMPLETED", checks: typesOf("approved") } } });
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 1 });
    const none = await supergraph.query(USER_QUERY, { id: "none" });
    expect(none.data).toEqual({ user: { name: "None", idvSession: null } });
    expect(stack.emulator.stats().total).toBe(1);
  });

  it("50 users sharing 3 sessions (one id in upper case) cost 3 upstream GETs, one per session", async () => {
    const ids = USERS.slice(0, 50).map((u) => u.id);
    const res = await supergraph.query(USERS_QUERY, { ids });
    expect(res.errors).toBeUndefined();
    expect(res.data.users).toHaveLength(50);
    expect(res.data.users[0].idvSession).toEqual({ id: approved, state: "COMPLETED", checks: typesOf("approved") });
    // The key comes from the users subgraph as it holds it: the router never asks this subgraph for `id`.
    expect(res.data.users[2].idvSession).toEqual({ id: ongoing.toUpperCase(), state: "ONGOING", checks: typesOf("ongoing") });
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 1, [rejected]: 1, [ongoing]: 1 });
  });

  it("a session Yoti does not know is null with NOT_FOUND at the user's path; its siblings resolve", async () => {
    const res = await supergraph.query(USERS_QUERY, { ids: ["u1", "lost"] });
    expect(res.data.users).toEqual([{ id: "u1", idvSession: { id: rejected, state: "COMPLETED", checks: typesOf("rejected") } }, { id: "lost", idvSession: null }]);
    expect(res.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([["users.1.idvSession", "NOT_FOUND"]]);
    expect(stack.emulator.stats().sessionGets).toEqual({ [rejected]: 1, [missing]: 1 });
  });

  it("_entities directly: distinct sessions and cost are priced before any upstream call", async () => {
    const entities = (ids: string[]) =>
      stack.post(JSON.stringify({
        query: "query ($r: [_Any!]!) { _entities(representations: $r) { ... on Session { id state } } }",
        variables: { r: ids.map((id) => ({ __typename: "Session", id })) },
      }));
    const tooMany = await entities(Array.from({ length: 101 }, () => randomUUID()));
    expect(tooMany.status).toBe(400);
    expect((tooMany.json as Body).errors?.[0]?.message).toMatch(/reads 101 distinct sessions; at most 100 per request/);
    expect(stack.emulator.stats().total).toBe(0);
    const fits = await entities([approved, approved.toUpperCase(), rejected, missing]);
    expect(fits.status).toBe(200);
    const body = fits.json as Body;
    expect(body.data?._entities).toEqual([{ id: approved, state: "COMPLETED" }, { id: approved, state: "COMPLETED" }, { id: rejected, state: "COMPLETED" }, null]);
    expect(body.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([["_entities.3", "NOT_FOUND"]]);
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 1, [rejected]: 1, [missing]: 1 });
  });

  it("sends no federated inline trace (ftv1), even when asked: it would wrap every field resolver", async () => {
    const res = await stack.post(JSON.stringify({ query: `{ session(id: "${approved}") { state } }` }), { "apollo-federation-include-trace": "ftv1" });
    expect(res.json).toEqual({ data: { session: { state: "COMPLETED" } } });
  });

  it("a representation without a string id is BAD_USER_INPUT with no upstream call", async () => {
    const res = await stack.post(JSON.stringify({
      query: "query ($r: [_Any!]!) { _entities(representations: $r) { ... on Session { id } } }",
      variables: { r: [{ __typename: "Session", id: 42 }, { __typename: "Session" }, { __typename: "Session", id: "not-a-uuid" }] },
    }));
    const body = res.json as Body;
    expect(body.data?._entities).toEqual([null, null, null]);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT", "BAD_USER_INPUT", "BAD_USER_INPUT"]);
    expect(stack.emulator.stats().total).toBe(0);
  });
});

describe("federation with caller auth: scopes and session grants hold through the router", () => {
  const KEYS = { reader: `rk_${randomUUID()}`, mediaOnly: `mk_${randomUUID()}` };
  const issuer = createJwtIssuer({ subject: "router-user" });
  let stack: Stack;
  let supergraph: Awaited<ReturnType<typeof startSupergraph>>;

  beforeAll(async () => {
    stack = await startStack({
      server: { federation: true },
      auth: {
        apiKeys: [
          apiKeyEntry("router", KEYS.reader, ["sessions:read"]),
          apiKeyEntry("media-only", KEYS.mediaOnly, ["media:read"]),
        ],
        jwt: issuer.authConfig(),
      },
    });
    supergraph = await startSupergraph(stack, bearer(KEYS.reader));
  });
  afterAll(async () => {
    await supergraph?.stop();
    await stack?.close();
  });
  beforeEach(() => stack.emulator.resetStats());

  it("the subgraph's _service and _entities want credentials like every other request", async () => {
    const res = await stack.post(JSON.stringify({ query: "{ _service { sdl } }" }));
    expect(res.status).toBe(401);
    const through = await supergraph.query(USER_QUERY, { id: "u0" }, {});
    expect(through.data?.user?.idvSession ?? null).toBeNull();
    expect(through.errors?.map((e) => e.extensions?.code)).toContain("UNAUTHENTICATED");
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("a caller with sessions:read gets the session", async () => {
    const res = await supergraph.query(USER_QUERY, { id: "u0" });
    expect(res.data?.user?.idvSession?.state).toBe("COMPLETED");
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 1 });
  });

  it("a caller without sessions:read: the session is FORBIDDEN, with no upstream call", async () => {
    const res = await supergraph.query(USER_QUERY, { id: "u0" }, bearer(KEYS.mediaOnly));
    expect(res.data).toEqual({ user: { name: "User 0", idvSession: null } });
    expect(res.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([["user.idvSession", "FORBIDDEN"]]);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("a JWT with an empty idv_session_ids grants no entity: FORBIDDEN at each index, no upstream call", async () => {
    const token = await issuer.sign({ scope: "sessions:read", idv_session_ids: [] });
    const res = await stack.post(
      JSON.stringify({ query: "query ($r: [_Any!]!) { _entities(representations: $r) { ... on Session { id } } }", variables: { r: [{ __typename: "Session", id: approved }, { __typename: "Session", id: rejected }] } }),
      bearer(token),
    );
    expect(res.json).toMatchObject({ data: { _entities: [null, null] } });
    expect((res.json as Body).errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([["_entities.0", "FORBIDDEN"], ["_entities.1", "FORBIDDEN"]]);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("a JWT granted one session (idv_session_ids): the others are FORBIDDEN without an upstream call", async () => {
    const token = await issuer.sign({ scope: "sessions:read", idv_session_ids: [approved] });
    const res = await supergraph.query(USERS_QUERY, { ids: ["u0", "u1", "u3"] }, bearer(token));
    expect(res.data.users.map((u: { idvSession: { id: string } | null }) => u.idvSession?.id ?? null)).toEqual([approved, null, approved]);
    expect(res.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([["users.1.idvSession", "FORBIDDEN"]]);
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 1 });
  });
});
