import { createHash } from "node:crypto";
import { print } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadTrustedDocuments } from "../../src/config/trusted-documents-file.js";
import { SessionStateDocument, SessionStatesDocument } from "../generated/graphql.js";
import { demoSession } from "../support/demo-data.js";
import { startStack, type Stack } from "../support/stack.js";

const MANIFEST = new URL("../generated/persisted-documents.json", import.meta.url).pathname;
const approved = demoSession("approved").session_id as string;
const rejected = demoSession("rejected").session_id as string;
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
/** The id codegen put on a typed document (`sha256:<hex>`), as a frontend sends it. */
const idOf = (document: unknown) => (document as { __meta__: { hash: string } }).__meta__.hash;
const hexOf = (document: unknown) => idOf(document).slice("sha256:".length);
const ARBITRARY = `query { session(id: "${approved}") { id state clientSessionToken } }`;

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

describe("trusted documents (GATEWAY_TRUSTED_DOCUMENTS_FILE)", () => {
  let stack: Stack;
  let manifest: ReadonlyMap<string, string>;
  const post = async (body: unknown) => {
    const res = await stack.post(JSON.stringify(body));
    return { status: res.status, ...(res.json as Body) };
  };
  const get = async (params: Record<string, unknown>) => {
    const search = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    // Apollo's CSRF prevention wants a header a simple cross-site request cannot carry.
    const res = await fetch(`${stack.gateway.url}graphql?${search}`, { headers: { "apollo-require-preflight": "true" } });
    return { status: res.status, ...((await res.json()) as Body) };
  };

  beforeAll(async () => {
    manifest = loadTrustedDocuments(MANIFEST);
    stack = await startStack({ server: { trustedDocuments: manifest } });
  });
  afterAll(() => stack?.close());
  beforeEach(() => stack.emulator.resetStats());

  it("runs a listed document sent by documentId, sha256:<hex> or bare hex", async () => {
    for (const documentId of [idOf(SessionStateDocument), hexOf(SessionStateDocument)]) {
      const res = await post({ documentId, variables: { id: approved } });
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ session: { id: approved, state: "COMPLETED" } });
    }
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 2 });
  });

  it("runs a listed document sent by APQ hash (extensions.persistedQuery), over POST and GET", async () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: hexOf(SessionStatesDocument) } };
    const viaPost = await post({ extensions, variables: { ids: [approved, rejected] } });
    expect(viaPost.status).toBe(200);
    expect(viaPost.data?.sessions.map((s: { id: string }) => s.id)).toEqual([approved, rejected]);
    const viaGet = await get({ extensions, variables: { ids: [approved] } });
    expect(viaGet.status).toBe(200);
    expect(viaGet.data).toEqual({ sessions: [{ id: approved, state: "COMPLETED" }] });
    const byDocumentId = await get({ documentId: idOf(SessionStateDocument), variables: { id: rejected } });
    expect(byDocumentId.data?.session?.id).toBe(rejected);
  });

  it("runs a listed document sent as its exact text, and with a matching id beside it", async () => {
    const text = manifest.get(hexOf(SessionStateDocument))!;
    const res = await post({ query: text, variables: { id: approved } });
    expect(res.status).toBe(200);
    expect(res.data?.session?.state).toBe("COMPLETED");
    const both = await post({ query: text, documentId: idOf(SessionStateDocument), extensions: { persistedQuery: { version: 1, sha256Hash: hexOf(SessionStateDocument) } }, variables: { id: approved } });
    expect(both.data?.session?.state).toBe("COMPLETED");
  });

  it("refuses arbitrary text with 403 PERSISTED_QUERY_NOT_IN_LIST before any upstream call", async () => {
    for (const query of [ARBITRARY, "{ __typename }", "{ __schema { types { name } } }"]) {
      const res = await post({ query });
      expect(res.status).toBe(403);
      expect(res.errors).toEqual([{ message: expect.stringMatching(/^Only trusted documents run here/), extensions: { code: "PERSISTED_QUERY_NOT_IN_LIST" } }]);
      expect(res.data).toBeUndefined();
    }
    const viaGet = await get({ query: ARBITRARY });
    expect(viaGet.status).toBe(403);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("refuses a listed operation whose text differs from the manifest's (whitespace included): the match is exact", async () => {
    const printed = print(SessionStateDocument);
    expect(printed).not.toBe(manifest.get(hexOf(SessionStateDocument)));
    const res = await post({ query: printed, variables: { id: approved } });
    expect(res.status).toBe(403);
    expect(res.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_IN_LIST");
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("answers an unknown id with 400 PERSISTED_QUERY_NOT_FOUND, whichever way it is sent", async () => {
    const unknown = sha(ARBITRARY);
    for (const body of [{ documentId: `sha256:${unknown}` }, { documentId: unknown }, { extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } }]) {
      const res = await post({ ...body, variables: { id: approved } });
      expect(res.status).toBe(400);
      expect(res.errors).toEqual([{ message: "No trusted document has this id", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }]);
    }
    expect((await get({ documentId: `sha256:${unknown}` })).status).toBe(400);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("cannot be taught a document: an APQ registration (hash and text) is refused, and the hash stays unknown", async () => {
    const register = await post({ query: ARBITRARY, extensions: { persistedQuery: { version: 1, sha256Hash: sha(ARBITRARY) } } });
    expect(register.status).toBe(403);
    expect(register.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_IN_LIST");
    for (let i = 0; i < 2; i++) {
      const later = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha(ARBITRARY) } } });
      expect(later.status).toBe(400);
      expect(later.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    }
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("refuses malformed or contradictory ids with 400 BAD_USER_INPUT", async () => {
    const listed = manifest.get(hexOf(SessionStateDocument))!;
    const cases: unknown[] = [
      { documentId: "md5:abc" },
      { documentId: 42 },
      { extensions: { persistedQuery: { version: 2, sha256Hash: hexOf(SessionStateDocument) } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: idOf(SessionStateDocument) } } },
      // A listed text under another document's id, and two ids that disagree.
      { query: listed, documentId: idOf(SessionStatesDocument) },
      { documentId: idOf(SessionStateDocument), extensions: { persistedQuery: { version: 1, sha256Hash: hexOf(SessionStatesDocument) } } },
    ];
    for (const body of cases) {
      const res = await post({ ...(body as object), variables: { id: approved } });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    const batch = await stack.post(JSON.stringify([{ documentId: idOf(SessionStateDocument), variables: { id: approved } }]));
    expect(batch.status).toBe(400);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("leaves requests that name no document to Apollo, which executes nothing: Sandbox's page, a 400 for an empty body", async () => {
    const page = await fetch(stack.gateway.url, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const empty = await post({ variables: { id: approved } });
    expect(empty.status).toBe(400);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("logs the refusal's code, never the document", async () => {
    stack.logs.lines.length = 0;
    await post({ query: ARBITRARY });
    const line = stack.logs.records().find((r) => r.msg === "request");
    expect(line?.status).toBe(403);
    expect(line?.graphql?.codes).toEqual(["PERSISTED_QUERY_NOT_IN_LIST"]);
    expect(stack.logs.lines.join("\n")).not.toContain("clientSessionToken");
  });
});

describe("without a trusted documents list (development)", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  it("runs ad-hoc text, and Apollo's APQ still registers and serves a hash", async () => {
    const adHoc = await stack.post(JSON.stringify({ query: ARBITRARY }));
    expect(adHoc.status).toBe(200);
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha(ARBITRARY) } };
    const miss = await stack.post(JSON.stringify({ extensions }));
    // Apollo's APQ answer, which Apollo clients' persisted-queries link reads as "send the text": 200, never cached.
    expect(miss.status).toBe(200);
    expect(miss.headers.get("cache-control")).toBe("private, no-cache, must-revalidate");
    expect(miss.json).toEqual({ errors: [{ message: "PersistedQueryNotFound", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] });
    expect((await stack.post(JSON.stringify({ query: ARBITRARY, extensions }))).status).toBe(200);
    const hit = await stack.post(JSON.stringify({ extensions }));
    expect((hit.json as Body).data?.session?.id).toBe(approved);
  });
});

describe("trusted documents over WebSocket: subscriptions follow the same rule", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ server: { trustedDocuments: loadTrustedDocuments(MANIFEST) } });
  });
  afterAll(() => stack?.close());

  it("a listed subscription runs (sent as its exact text); any other text is refused before parsing, with no upstream call", async () => {
    const { LiveStateDocument } = await import("../generated/graphql.js");
    const { collect, wsClient } = await import("../support/live.js");
    const manifest = loadTrustedDocuments(MANIFEST);
    const client = wsClient(stack.gateway.url);
    try {
      stack.emulator.resetStats();
      const refused = collect(client, `subscription { sessionUpdated(id: "${approved}") { session { id clientSessionToken } } }`);
      const error = (await refused.ended) as { extensions?: { code?: string } }[];
      expect(error?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_IN_LIST");
      expect(stack.emulator.stats().total).toBe(0);

      const listed = collect(client, manifest.get(hexOf(LiveStateDocument))!, { id: approved });
      const [first] = await listed.waitFor(1);
      expect(first!.data).toMatchObject({ sessionUpdated: { session: { id: approved, state: "COMPLETED" } } });
      listed.stop();
    } finally {
      await client.dispose();
    }
  });
});
