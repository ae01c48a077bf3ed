import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SessionStatesDocument } from "../generated/graphql.js";
import { demoSession } from "../support/demo-data.js";
import { startStack, type Stack } from "../support/stack.js";
import { bearer, createJwtIssuer, nowSeconds as now } from "../support/tokens.js";

const approved = demoSession("approved").session_id as string;
const rejected = demoSession("rejected").session_id as string;
const MAX_AGE = 600;

/** Fail closed: the claims a token must carry, and the shapes a session grant may take. */
describe("JWT claims: exp, age, iat and idv_session_ids fail closed", () => {
  const issuer = createJwtIssuer({ subject: "frontend-user-7" });
  let stack: Stack;

  /** A token with exactly these claims (iss, aud, sub and a scope added); no defaults for exp or iat. */
  const sign = (claims: Record<string, unknown>) => issuer.sign({ scope: "sessions:read", iat: undefined, exp: undefined, ...claims });
  const fresh = (claims: Record<string, unknown> = {}) => sign({ iat: now(), exp: now() + 300, ...claims });
  const ask = async (jwt: string) => stack.queryAs(bearer(jwt), SessionStatesDocument, { ids: [approved, rejected] });

  beforeAll(async () => {
    stack = await startStack({ auth: { jwt: issuer.authConfig({ maxAgeSeconds: MAX_AGE }) } });
  });
  afterAll(() => stack?.close());
  beforeEach(() => stack.emulator.resetStats());

  it.each([
    ["a string", approved],
    ["null", null],
    ["an empty string", ""],
    ["true", true],
    ["a number", 7],
    ["an object", { [approved]: true }],
    ["a list holding a non-UUID", [approved, "everything"]],
    ["a list holding a number", [approved, 1]],
    ["a list holding null", [null]],
  ])("idv_session_ids as %s is a bad token: 401, no upstream call", async (_name, grant) => {
    const res = await ask(await fresh({ idv_session_ids: grant }));
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("an empty list grants no session: each is FORBIDDEN without an upstream call", async () => {
    const res = await ask(await fresh({ idv_session_ids: [] }));
    expect(res.status).toBe(200);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("a list of UUIDs (any case) grants exactly those sessions", async () => {
    const res = await ask(await fresh({ idv_session_ids: [approved.toUpperCase()] }));
    expect(res.data?.sessions.map((s) => s?.id ?? null)).toEqual([approved, null]);
    expect(res.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([["sessions.1", "FORBIDDEN"]]);
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 1 });
  });

  it("no idv_session_ids claim at all: every session, as before", async () => {
    const res = await ask(await fresh());
    expect(res.errors).toBeUndefined();
    expect(res.data?.sessions.map((s) => s?.id)).toEqual([approved, rejected]);
  });

  it.each([
    ["no exp", () => sign({ iat: now() })],
    ["no iat", () => sign({ exp: now() + 300 })],
    ["an exp further ahead than the maximum age", () => sign({ iat: now(), exp: now() + MAX_AGE + 120 })],
    ["an iat older than the maximum age", () => sign({ iat: now() - MAX_AGE - 120, exp: now() + 60 })],
    ["an iat in the future beyond the clock tolerance", () => sign({ iat: now() + 120, exp: now() + 300 })],
    ["an exp that is not a number", () => sign({ iat: now(), exp: "tomorrow" })],
  ])("%s: 401, no upstream call", async (_name, make) => {
    const res = await ask(await make());
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("an iat a few seconds in the future (clock skew within tolerance) and an exp at the maximum age are accepted", async () => {
    const res = await ask(await sign({ iat: now() + 10, exp: now() + MAX_AGE }));
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });
});
