import { createHash, randomUUID } from "node:crypto";
import { connect } from "node:net";
import { once } from "node:events";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UNPARSABLE_MESSAGE } from "../../src/server/graphql/format-error.js";
import { demoSession } from "../support/demo-data.js";
import { startStack, type Stack } from "../support/stack.js";

const approved = demoSession("approved").session_id as string;
const METRICS_TOKEN = `mt_${randomUUID()}`;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ server: { metrics: { tokenSha256: createHash("sha256").update(METRICS_TOKEN).digest(), public: false } } });
});
afterAll(() => stack?.close());
beforeEach(() => stack.emulator.resetStats());

async function post(path: string, body: string | Buffer, headers: Record<string, string> = { "content-type": "application/json" }) {
  const res = await fetch(new URL(path, stack.gateway.url), { method: "POST", headers, body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe("HTTP hygiene", () => {
  it("GraphQL answers at /graphql as well as /", async () => {
    const body = JSON.stringify({ query: `{ session(id: "${approved}") { id } }` });
    for (const path of ["/", "/graphql"]) {
      const res = await post(path, body);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ data: { session: { id: approved } } });
    }
    const lines = stack.logs.records().filter((r) => r.msg === "request");
    expect(lines.slice(-2).map((r) => r.route)).toEqual(["/graphql", "/graphql"]);
  });

  it("a body that is not valid UTF-8 gets the documented 415, before any upstream call", async () => {
    const valid = Buffer.from(JSON.stringify({ query: `{ session(id: "${approved}") { id } }` }), "utf8");
    // A lone continuation byte inside the query string: a lenient decoder would run a query nobody sent.
    const invalid = Buffer.concat([valid.subarray(0, 12), Buffer.from([0x80, 0xff]), valid.subarray(12)]);
    const res = await post("/graphql", invalid);
    expect(res.status).toBe(415);
    expect(JSON.parse(res.text)).toEqual({ errors: [{ message: "Request bodies must be UTF-8", extensions: { code: "BAD_USER_INPUT" } }] });
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("a 2,000-deep list literal gets a fixed 400 message: no internal error text", async () => {
    const deep = "[".repeat(2_000) + "]".repeat(2_000);
    const res = await post("/graphql", JSON.stringify({ query: `{ sessions(ids: ${deep}) { id } }` }));
    expect(res.status).toBe(400);
    const error = JSON.parse(res.text).errors[0];
    expect(error).toEqual({ message: UNPARSABLE_MESSAGE, extensions: { code: "GRAPHQL_PARSE_FAILED" } });
    expect(res.text).not.toMatch(/stack|Maximum call|RangeError/i);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("variables that do not fit the operation are refused with a fixed message that never quotes them", async () => {
    const query = "query Vars($id: ID!) { session(id: $id) { id } }";
    const body = JSON.stringify({ query, variables: { id: { fullName: "JANE ALICE SPECIMEN" } } });
    const refused = async () => {
      const res = await post("/graphql", body);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).errors).toEqual([expect.objectContaining({ message: "Invalid variables", extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })]);
      expect(res.text).not.toContain("JANE");
    };
    // Before the document is known, pricing itself refuses the variables; once a valid request has
    // made it known, execution does, and the answer must be the same.
    await refused();
    expect((await post("/graphql", JSON.stringify({ query, variables: { id: approved } }))).status).toBe(200);
    stack.emulator.resetStats();
    await refused();
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("/metrics wants the configured bearer token; without it or with another: 401 and no metrics", async () => {
    const url = new URL("/metrics", stack.gateway.url);
    for (const authorization of [undefined, "Bearer nope", `Bearer ${METRICS_TOKEN}x`, `Basic ${METRICS_TOKEN}`]) {
      const res = await fetch(url, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain("idv_graph_");
    }
    const ok = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("idv_graph_http_requests_total");
  });

  it("an unknown path is labelled 'unmatched' in logs and metrics, never by its path", async () => {
    const res = await fetch(new URL(`/secret-${approved}`, stack.gateway.url));
    expect(res.status).toBe(404);
    const line = stack.logs.records().filter((r) => r.msg === "request").at(-1)!;
    expect(line.route).toBe("unmatched");
    expect(JSON.stringify(stack.logs.lines)).not.toContain(approved);
  });
});

describe("Media.url in development: built from the request's origin only when its Host header is a plain host", () => {
  const mediaUrl = async (host: string) => {
    const url = new URL(stack.gateway.url);
    const body = JSON.stringify({ query: `{ session(id: "${approved}") { resources { idDocuments { pages { media { url } } } } } }` });
    const socket = connect(Number(url.port), url.hostname);
    await once(socket, "connect");
    let raw = "";
    socket.on("data", (d: Buffer) => (raw += d.toString("utf8")));
    socket.write(`POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    await once(socket, "end");
    const json = JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4)) as { data: { session: { resources: { idDocuments: { pages: { media: { url: string } }[] }[] } } } };
    return json.data.session.resources.idDocuments[0]!.pages[0]!.media.url;
  };

  it("a plain host[:port] is used as given", async () => {
    expect(await mediaUrl("idv.example.com:8443")).toMatch(/^http:\/\/idv\.example\.com:8443\/media\//);
  });

  it.each(["evil.example/phish?", "a@b.example", "x.example#frag", "exa mple.com", "[not-ipv6]"])("a Host of %j never shapes the link", async (host) => {
    const link = await mediaUrl(host);
    expect(link).toMatch(new RegExp(`^http://localhost:${new URL(stack.gateway.url).port}/media/`));
  });
});

describe("Media.url with GATEWAY_PUBLIC_URL (required in production): the Host header plays no part", () => {
  let pinned: Stack;
  beforeAll(async () => {
    pinned = await startStack({ media: { publicUrl: "https://idv.example.com/base" } });
  });
  afterAll(() => pinned?.close());

  it("links start with the public URL whatever Host the caller sent", async () => {
    const res = await fetch(pinned.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-host": "evil.example" },
      body: JSON.stringify({ query: `{ session(id: "${approved}") { resources { idDocuments { pages { media { url } } } } } }` }),
    });
    const json = (await res.json()) as { data: { session: { resources: { idDocuments: { pages: { media: { url: string } }[] }[] } } } };
    expect(json.data.session.resources.idDocuments[0]!.pages[0]!.media.url).toMatch(/^https:\/\/idv\.example\.com\/base\/media\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });
});
