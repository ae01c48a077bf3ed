import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DocumentValuesDocument } from "../generated/graphql.js";
import { demoSession } from "../support/demo-data.js";
import { startStack, type Stack } from "../support/stack.js";

const approved = demoSession("approved").session_id as string;
const uuids = (n: number) => Array.from({ length: n }, () => randomUUID());

async function raw(stack: Stack, query: string, variables?: unknown) {
  const res = await stack.post(JSON.stringify({ query, variables }));
  return res as { status: number; json: { data?: unknown; errors?: { message: string; path?: unknown[]; extensions?: { code?: string } }[] } };
}

describe("per-request budget, with the documented defaults", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());
  beforeEach(() => stack.emulator.resetStats());

  it("20 aliases x 100 distinct ids (2,000 sessions, an 80 KB request) are refused before any upstream call, naming the limit", async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: sessions(ids: ${JSON.stringify(uuids(100))}) { id }`).join(" ");
    const res = await raw(stack, `{ ${aliases} }`);
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([
      expect.objectContaining({
        message: "This request reads 2000 distinct sessions; at most 100 per request (GATEWAY_MAX_SESSIONS_PER_REQUEST)",
        extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }),
      }),
    ]);
    expect(res.json.data).toBeUndefined();
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("counts distinct ids across aliases, fragments, variables and both root fields: 101 is one too many", async () => {
    const ids = uuids(101);
    const query = `query($a: [ID!]!, $one: ID!) {
      first: sessions(ids: $a) { ...S }
      ... on Query { single: session(id: $one) { id } }
      again: session(id: "${ids[0]!.toUpperCase()}") { id }
    }
    fragment S on Session { id }`;
    const res = await raw(stack, query, { a: ids.slice(0, 100), one: ids[100] });
    expect(res.status).toBe(400);
    expect(res.json.errors?.[0]?.message).toMatch(/reads 101 distinct sessions; at most 100/);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("100 distinct ids fit: one upstream GET each, duplicates and case variants free", async () => {
    const ids = uuids(100);
    const res = await raw(stack, `query($a: [ID!]!, $b: [ID!]!) { a: sessions(ids: $a) { id } b: sessions(ids: $b) { id } }`, {
      a: ids,
      b: ids.slice(0, 50).map((id) => id.toUpperCase()),
    });
    expect(res.status).toBe(200);
    expect((res.json.data as { a: unknown[]; b: unknown[] }).a).toHaveLength(100);
    expect(new Set(res.json.errors?.map((e) => e.extensions?.code))).toEqual(new Set(["NOT_FOUND"]));
    const gets = stack.emulator.stats().sessionGets;
    expect(Object.keys(gets)).toHaveLength(100);
    expect(Object.values(gets).every((n) => n === 1)).toBe(true);
  });

  it("a subscription-free, introspection-only request reads no session and costs no upstream call", async () => {
    const res = await raw(stack, "{ __typename }");
    expect(res.json).toEqual({ data: { __typename: "Query" } });
    expect(stack.emulator.stats().total).toBe(0);
  });
});

describe("media fetches per request", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ limits: { maxMediaPerRequest: 1 } });
  });
  afterAll(() => stack?.close());

  it("beyond GATEWAY_MAX_MEDIA_PER_REQUEST a field is refused with BAD_USER_INPUT naming the limit, and that media is never fetched", async () => {
    const res = await stack.query(DocumentValuesDocument, { id: approved });
    expect(res.status).toBe(200);
    const refused = (res.errors ?? []).filter((e) => e.extensions?.code === "BAD_USER_INPUT");
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) expect(e.message).toBe("This request needs more media fetches than its budget; at most 1 per request (GATEWAY_MAX_MEDIA_PER_REQUEST)");
    expect(res.errors?.every((e) => e.extensions?.code === "BAD_USER_INPUT")).toBe(true);
    const mediaGets = Object.values(stack.emulator.stats().mediaGets).reduce((a, b) => a + b, 0);
    expect(mediaGets).toBe(1);
    // The media within budget still resolves.
    expect(res.data?.session?.resources?.idDocuments?.[0]?.documentFields?.values?.fullName).toBe("JANE ALICE SPECIMEN");
  });
});
