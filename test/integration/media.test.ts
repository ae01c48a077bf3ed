import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMediaTokens } from "../../src/server/http/media-token.js";
import { DocumentMediaOnlyDocument,
  DocumentValuesDocument,
  DocumentValuesTwiceDocument,
  MediaUrlsDocument,
} from "../generated/graphql.js";
import { demoSession, demoSessions } from "../support/demo-data.js";
import { emulatorMedia } from "../support/media-data.js";
import { startStack, type Stack } from "../support/stack.js";
import { sdkClient, type SdkClient } from "../support/yoti-sdk.js";

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The JSON body with every key camelCased: what `values` must equal where it types the key. */
function camelDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelDeep);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), camelDeep(v)]));
  }
  return value;
}

/** Drops nulls, so "typed field absent upstream" (null) compares equal to "key absent". */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

/** Every `url` in a response, with the media id beside it. */
function collectUrls(value: unknown, out: { id: string; url: string }[] = []): { id: string; url: string }[] {
  if (Array.isArray(value)) value.forEach((v) => collectUrls(v, out));
  else if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.url === "string" && typeof o.id === "string") out.push({ id: o.id, url: o.url });
    Object.values(o).forEach((v) => collectUrls(v, out));
  }
  return out;
}

let stack: Stack;
let sdk: SdkClient;
const approved = demoSession("approved").session_id as string;

beforeAll(async () => {
  stack = await startStack();
  sdk = sdkClient(stack.emulator);
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.emulator.resetStats();
});

describe("typed document fields", () => {
  it.each(demoSessions())("$name: values and json equal the emulator's JSON body", async ({ body }) => {
    const res = await stack.query(DocumentValuesDocument, { id: body.session_id });
    expect(res.errors).toBeUndefined();
    const wire = body.resources ?? {};
    const pairs: [any, any][] = [];
    (res.data!.session!.resources?.idDocuments ?? []).forEach((doc, i) => {
      pairs.push([doc.documentFields, wire.id_documents[i].document_fields]);
      pairs.push([doc.expandedDocumentFields, wire.id_documents[i].expanded_document_fields]);
    });
    (res.data!.session!.resources?.supplementaryDocuments ?? []).forEach((doc, i) => {
      pairs.push([doc.documentFields, wire.supplementary_documents[i].document_fields]);
    });
    for (const [ours, theirs] of pairs) {
      if (!theirs) {
        expect(ours).toBeNull();
        continue;
      }
      const served = emulatorMedia(theirs.media.id);
      if (served === null) {
        expect(ours.values).toBeNull();
        expect(ours.json).toBeNull();
        continue;
      }
      const parsed = JSON.parse(served.bytes.toString("utf8"));
      expect(ours.json).toEqual(parsed);
      // Every typed key equals the body's value; keys the types do not cover stay reachable through json.
      const typed = withoutNulls(ours.values) as Record<string, unknown>;
      const expected = camelDeep(parsed) as Record<string, unknown>;
      for (const [key, value] of Object.entries(typed)) expect(value, key).toEqual(expected[key]);
      expect(typed.fullName ?? typed.documentType).toBeDefined();
    }
    const mediaIds = pairs.filter(([, t]) => t?.media?.id).map(([, t]) => t.media.id);
    expect(Object.keys(stack.emulator.stats().mediaGets).length).toBe(new Set(mediaIds).size);
  });

  it("fetches no media when values and json are not selected", async () => {
    const res = await stack.query(DocumentMediaOnlyDocument, { id: approved });
    expect(res.data?.session?.resources?.idDocuments?.[0]?.documentFields?.media?.id).toBe(demoSession("approved").resources.id_documents[0].document_fields.media.id);
    expect(stack.emulator.stats().mediaGets).toEqual({});
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 1 });
  });

  it("costs one upstream GET per media however often a request asks for it", async () => {
    const res = await stack.query(DocumentValuesTwiceDocument, { id: approved });
    expect(res.errors).toBeUndefined();
    expect(res.data?.a?.resources?.idDocuments?.[0]?.documentFields?.values?.fullName).toBe("JANE ALICE SPECIMEN");
    const gets = Object.values(stack.emulator.stats().mediaGets);
    expect(gets.length).toBeGreaterThan(0);
    expect(gets.every((n) => n === 1)).toBe(true);
  });
});

describe("media URLs", () => {
  it.each(demoSessions())("$name: every url serves exactly what the official SDK's getMediaContent returns", async ({ body }) => {
    const res = await stack.query(MediaUrlsDocument, { id: body.session_id });
    expect(res.errors).toBeUndefined();
    const urls = collectUrls(res.data);
    const unique = [...new Map(urls.map((u) => [u.id, u])).values()];
    for (const { id, url } of unique) {
      expect(url.startsWith(stack.gateway.url.replace(/\/$/, "") + "/media/")).toBe(true);
      const ours = await fetch(url);
      const theirs = await sdk.getMediaContent(body.session_id, id);
      if (theirs === null) {
        expect(ours.status, id).toBe(204);
        continue;
      }
      expect(ours.status, id).toBe(200);
      expect(ours.headers.get("cache-control")).toBe("no-store");
      expect(ours.headers.get("x-content-type-options")).toBe("nosniff");
      expect(ours.headers.get("content-type")?.split(";")[0]).toBe(theirs.getMimeType());
      expect(Buffer.from(await ours.arrayBuffer()).equals(theirs.getContent()), id).toBe(true);
    }
  });

  it("serves the demo set's 204 media as 204", async () => {
    const tokens = createMediaTokens(stack.media.secret, 60);
    const notAvailable = demoSession("not-available");
    const emptyId = notAvailable.resources.id_documents[0].pages[0].media.id as string;
    expect(emulatorMedia(emptyId)).toBeNull();
    const res = await fetch(`${stack.gateway.url}media/${tokens.sign({ sessionId: notAvailable.session_id, mediaId: emptyId })}`);
    expect(res.status).toBe(204);
  });

  it("passes 404 through as 404", async () => {
    const tokens = createMediaTokens(stack.media.secret, 60);
    const res = await fetch(`${stack.gateway.url}media/${tokens.sign({ sessionId: approved, mediaId: "00000000-0000-4000-8000-000000000000" })}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: expect.any(String) } });
  });

  it("refuses tampered, expired, cross-session, foreign-secret and malformed tokens with 403 and no upstream call", async () => {
    const res = await stack.query(MediaUrlsDocument, { id: approved });
    const { url, id } = collectUrls(res.data)[0]!;
    const token = url.slice(url.lastIndexOf("/") + 1);
    const [payload, mac] = token.split(".") as [string, string];
    const [, , expiry] = JSON.parse(Buffer.from(payload, "base64url").toString()) as [string, string, number];
    const forge = (p: unknown[]) => `${Buffer.from(JSON.stringify(p)).toString("base64url")}.${mac}`;
    const rejectedSession = demoSession("rejected").session_id as string;
    const bad = [
      forge([rejectedSession, id, expiry]), // cross-session: same media, another session
      forge([approved, "00000000-0000-4000-8000-000000000000", expiry]), // another media
      forge([approved, id, expiry + 3600]), // longer life
      `${payload}.${mac.slice(0, -2)}AA`, // flipped MAC
      createMediaTokens(Buffer.alloc(32, 7), 60).sign({ sessionId: approved, mediaId: id }), // another gateway's secret
      createMediaTokens(stack.media.secret, 60).sign({ sessionId: approved, mediaId: id }, Date.now() - 61_000), // expired
      "not-a-token",
      "a.b",
      "x".repeat(5000),
    ];
    stack.emulator.resetStats();
    for (const t of bad) {
      const r = await fetch(`${stack.gateway.url}media/${encodeURIComponent(t)}`);
      expect(r.status, t.slice(0, 40)).toBe(403);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    }
    expect(stack.emulator.stats().total).toBe(0);
    // The genuine token still works.
    expect((await fetch(url)).status).toBe(200);
  });
});

describe("media route: upstream failures become 502/503/504 with the GraphQL codes", () => {
  let fast: Stack;
  beforeAll(async () => {
    fast = await startStack({ tuning: { timeoutMs: 300, retries: 0, maxConcurrency: 4 } });
  });
  afterAll(() => fast?.close());

  it.each([
    [{ status: 500 }, 503, "UPSTREAM_UNAVAILABLE"],
    [{ status: 503, retryAfterSeconds: 1 }, 503, "UPSTREAM_UNAVAILABLE"],
    [{ status: 429 }, 503, "UPSTREAM_RATE_LIMITED"],
    [{ status: 401 }, 502, "UPSTREAM_UNAUTHORIZED"],
    [{ status: 400 }, 502, "UPSTREAM_BAD_REQUEST"],
    [{ reset: true }, 503, "UPSTREAM_UNAVAILABLE"],
    [{ delayMs: 2_000 }, 504, "UPSTREAM_UNAVAILABLE"],
  ] as const)("%j -> %i %s, and the next request works", async (fault, status, code) => {
    const tokens = createMediaTokens(fast.media.secret, 60);
    const mediaId = demoSession("approved").resources.id_documents[0].pages[0].media.id as string;
    const url = `${fast.gateway.url}media/${tokens.sign({ sessionId: approved, mediaId })}`;
    fast.emulator.setFault(approved, fault);
    const res = await fetch(url);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).not.toMatch(/http|nonce|sdkId|digest/i);
    fast.emulator.clearFaults();
    expect((await fetch(url)).status).toBe(200);
  });
});
