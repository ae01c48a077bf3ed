import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FullSessionsDocument } from "../generated/graphql.js";
import { demoSession } from "../support/demo-data.js";
import { startStack, type Stack } from "../support/stack.js";

const approved = demoSession("approved").session_id as string;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ limits: { corsOrigins: ["https://app.example.com"] } });
});
afterAll(() => stack?.close());
beforeEach(() => stack.emulator.resetStats());

async function raw(body: string | Buffer, headers: Record<string, string> = { "content-type": "application/json" }, method = "POST", path = "") {
  const res = await fetch(`${stack.gateway.url}${path}`, { method, headers, body: method === "GET" ? undefined : body });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers };
}

describe("query limits (documented defaults)", () => {
  it("a full query over sessions(ids:) with one id 100 times is priced per id and refused by the cost limit, before any upstream call", async () => {
    const ids = Array.from({ length: 100 }, () => approved);
    const res = await stack.query(FullSessionsDocument, { ids });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.message).toMatch(/cost .* limit of 20000 \(GATEWAY_MAX_COST\)/);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("the same full query over 10 ids passes, in one upstream GET per distinct id", async () => {
    const ids = Array.from({ length: 10 }, () => approved);
    const res = await stack.query(FullSessionsDocument, { ids });
    expect(res.errors).toBeUndefined();
    expect(res.data?.sessions).toHaveLength(10);
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 1 });
  });

  it("an alias flood of 1,000 fields is refused before any upstream call", async () => {
    const fields = Array.from({ length: 1000 }, (_, i) => `a${i}: session(id: "${approved}") { id }`).join(" ");
    const res = await raw(JSON.stringify({ query: `{ ${fields} }` }));
    expect(res.status).toBe(400);
    // The token limit (parse) or the alias limit (validation) stops it, whichever trips first.
    expect(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"]).toContain(JSON.parse(res.text).errors[0].extensions.code);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("151 aliases trip the alias limit itself", async () => {
    const fields = Array.from({ length: 151 }, (_, i) => `a${i}: session(id: "${approved}") { id }`).join(" ");
    const res = await raw(JSON.stringify({ query: `{ ${fields} }` }));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/alias/i);
  });

  it("__typename aliases count like any other: 151 of them trip the alias limit, 150 pass", async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(" ");
    const over = await raw(JSON.stringify({ query: `{ ${aliases(151)} }` }));
    expect(over.status).toBe(400);
    expect(JSON.parse(over.text).errors).toEqual([{ message: "Syntax Error: Aliases limit of 150 exceeded, found 151.", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }]);
    const fits = await raw(JSON.stringify({ query: `{ ${aliases(150)} }` }));
    expect(fits.status).toBe(200);
    expect(Object.keys(JSON.parse(fits.text).data)).toHaveLength(150);
  });

  it("a query deeper than the limit (edges cycle: task -> checks -> resources -> tasks ...) is refused", async () => {
    let inner = "id";
    for (let i = 0; i < 6; i++) inner = `tasks { checks { resources { ${inner} } } }`;
    const res = await raw(JSON.stringify({ query: `{ session(id: "${approved}") { resources { idDocuments { ${inner} } } } }` }));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/depth/i);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("a costly query under the alias limit is refused by the cost limit", async () => {
    const heavy = "checks { resources { tasks { checks { resources { tasks { checks { report { breakdown { details { name value } } } } } } } } } }";
    const fields = Array.from({ length: 100 }, (_, i) => `a${i}: session(id: "${approved}") { ${heavy} }`).join(" ");
    const res = await raw(JSON.stringify({ query: `{ ${fields} }` }));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/cost/i);
    expect(stack.emulator.stats().total).toBe(0);
  });
});

describe("bad input: a clear 4xx, never a 5xx, and zero upstream calls", () => {
  it.each([
    ["malformed GraphQL", JSON.stringify({ query: "{ session(id: " }), 400],
    ["unknown field", JSON.stringify({ query: "{ nope }" }), 400],
    ["malformed JSON", '{"query": "{ session', 400],
    ["JSON that is not an object", "[1,2,3]", 400],
    ["no query", JSON.stringify({ variables: {} }), 400],
    ["variables of the wrong type", JSON.stringify({ query: "query($id: ID!) { session(id: $id) { id } }", variables: { id: { a: 1 } } }), 400],
    ["oversized body", JSON.stringify({ query: `{ __typename }`, pad: "x".repeat(200 * 1024) }), 413],
  ])("%s -> %i", async (_name, body, status) => {
    const res = await raw(body);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/json/);
    expect(JSON.parse(res.text).errors[0].message).toBeTruthy();
    expect(res.text).not.toMatch(/at .*\.ts:\d+|node_modules/);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it.each([
    ["text/plain (CSRF-safe content type)", { "content-type": "text/plain" }],
    ["form encoded", { "content-type": "application/x-www-form-urlencoded" }],
    ["no content type", {}],
  ])("POST with %s is refused", async (_name, headers) => {
    const res = await raw(JSON.stringify({ query: `{ session(id: "${approved}") { id } }` }), headers as Record<string, string>);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it.each([
    ["a gzip-encoded body", { "content-type": "application/json", "content-encoding": "gzip" }, 415],
    ["a non-UTF-8 charset", { "content-type": "application/json; charset=latin1" }, 415],
  ])("POST with %s -> %i, in the GraphQL error shape", async (_name, headers, status) => {
    const res = await raw(JSON.stringify({ query: `{ session(id: "${approved}") { id } }` }), headers);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("an unknown path is a JSON 404, and the read-only routes refuse other methods with 405", async () => {
    const missing = await raw("", {}, "GET", "graphql/nope");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/json/);
    expect(JSON.parse(missing.text).errors[0].extensions.code).toBe("NOT_FOUND");
    for (const path of ["health/live", "metrics", "media/some-token"]) {
      const res = await raw("{}", { "content-type": "application/json" }, "POST", path);
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD");
    }
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("a GET query without a CSRF preflight header is refused", async () => {
    const q = encodeURIComponent(`{ session(id: "${approved}") { id } }`);
    const res = await raw("", {}, "GET", `?query=${q}`);
    expect(res.status).toBe(400);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("CORS: listed origins get the header, others do not", async () => {
    const body = JSON.stringify({ query: "{ __typename }" });
    const ok = await raw(body, { "content-type": "application/json", origin: "https://app.example.com" });
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    const other = await raw(body, { "content-type": "application/json", origin: "https://evil.example" });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
