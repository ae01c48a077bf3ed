import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyEntry, createJwtIssuer } from "../support/tokens.js";
import { demoSession } from "../support/demo-data.js";
import { getsOf, metricValue } from "../support/live.js";
import { startStack, type Stack } from "../support/stack.js";

const PERSONAL = `query($id: ID!) {
  session(id: $id) { id state clientSessionToken checks { id state } resources { idDocuments { documentFields { values { fullName } } } } }
}`;
const MANY = `query($ids: [ID!]!) { sessions(ids: $ids) { id state clientSessionToken } }`;

describe("session cache on: scopes and session grants are checked before it is consulted", () => {
  const issuer = createJwtIssuer({ subject: "frontend-user" });
  const readerKey = `rk_${randomUUID()}`;
  let stack: Stack;
  let kept: string;
  let other: string;
  let token: string;

  const ask = async (query: string, variables: Record<string, unknown>, bearer: string) => {
    const { status, json } = await stack.post(JSON.stringify({ query, variables }), { authorization: `Bearer ${bearer}` });
    return { status, json: json as any, text: JSON.stringify(json) };
  };
  const hits = () => metricValue(stack, "idv_graph_session_cache_hits_total", { kind: "session" });

  beforeAll(async () => {
    const reader = apiKeyEntry("no-personal-data", readerKey, ["sessions:read"]);
    stack = await startStack({
      auth: { jwt: issuer.authConfig(), apiKeys: [reader] },
      cache: { ttlSeconds: 3_600 },
    });
    [kept, other] = [randomUUID(), randomUUID()];
    for (const id of [kept, other]) stack.emulator.addSession(id, { ...demoSession("approved"), session_id: id });
    // A caller with every scope and a grant for `kept` puts it (personal data included) in the cache.
    token = await issuer.sign({ scope: "sessions:read pii:read", idv_session_ids: [kept] });
    const first = await ask(PERSONAL, { id: kept }, token);
    expect(first.json.errors).toBeUndefined();
    expect(first.text).toContain("JANE ALICE SPECIMEN");
    expect((await ask(PERSONAL, { id: kept }, token)).json).toEqual(first.json);
    expect(getsOf(stack, kept)).toBe(1);
  });
  afterAll(() => stack?.close());

  it("a token granted other sessions is FORBIDDEN the kept one: no body, no hit, no upstream GET", async () => {
    const before = await hits();
    const outsider = await issuer.sign({ scope: "sessions:read pii:read", idv_session_ids: [other] });
    for (const res of [await ask(PERSONAL, { id: kept }, outsider), await ask(MANY, { ids: [kept] }, outsider)]) {
      expect(res.status).toBe(200);
      expect(res.json.errors.map((e: any) => e.extensions.code)).toEqual(["FORBIDDEN"]);
      expect(res.text).not.toContain(kept);
      expect(res.text).not.toContain("JANE");
      expect(res.text).not.toContain("COMPLETED");
    }
    expect(await hits()).toBe(before);
    expect(getsOf(stack, kept)).toBe(1);
  });

  it("a token without sessions:read is FORBIDDEN whatever it is granted: no body, no hit, no upstream GET", async () => {
    const before = await hits();
    const noRead = await issuer.sign({ scope: "pii:read media:read", idv_session_ids: [kept] });
    const one = await ask(PERSONAL, { id: kept }, noRead);
    const many = await ask(MANY, { ids: [kept] }, noRead);
    // `session` is nullable; `sessions` is not, so the whole of `data` is null there.
    expect(one.json.data).toEqual({ session: null });
    expect(many.json.data).toBeNull();
    for (const res of [one, many]) {
      expect(res.json.errors.map((e: any) => e.extensions.code)).toEqual(["FORBIDDEN"]);
      expect(res.text).not.toContain("JANE");
      expect(res.text).not.toContain("COMPLETED");
    }
    expect(await hits()).toBe(before);
    expect(getsOf(stack, kept)).toBe(1);
  });

  it("a caller without pii:read reads the kept body without its personal fields (FORBIDDEN there), even though the cache holds them", async () => {
    const before = await hits();
    const res = await ask(PERSONAL, { id: kept }, readerKey);
    expect(res.json.data.session).toMatchObject({ id: kept, state: "COMPLETED", clientSessionToken: null });
    expect(res.json.data.session.resources.idDocuments[0].documentFields.values).toBeNull();
    expect(new Set(res.json.errors.map((e: any) => e.extensions.code))).toEqual(new Set(["FORBIDDEN"]));
    expect(res.text).not.toContain("JANE");
    // The body came from the cache: scopes decide per field, after it.
    expect(await hits()).toBe(before + 1);
    expect(getsOf(stack, kept)).toBe(1);
  });
});
