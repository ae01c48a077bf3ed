import { createHash } from "node:crypto";
import { HeaderMap } from "@apollo/server";
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import type { Scope } from "../../src/config/security-config.js";
import type { Caller } from "../../src/schema/resolver-context.js";
import { answerBytes, ResponseCache, type AnswerToKeep, type ResponseEvictionReason } from "../../src/server/graphql/response-cache.js";
import { until } from "../support/wait.js";
import { responseKey } from "../../src/server/graphql/response-key.js";

const caller = (scopes: Scope[], sessionIds?: string[]): Caller => ({ name: "t", scopes: new Set(scopes), sessionIds: sessionIds && new Set(sessionIds) });
const request = (headers: Record<string, string>, method = "POST") => ({ method, headers }) as unknown as IncomingMessage;
const JSON_POST = request({ "content-type": "application/json" });
const QUERY = "query Q($id: ID!) { session(id: $id) { id } }";
const HASH = createHash("sha256").update(QUERY).digest("hex");
const apq = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });
const HEADERS = new HeaderMap([["content-type", "application/json"]]);
const answer = (body: string, sessionIds: string[]): AnswerToKeep => ({ body, headers: HEADERS, sessionIds, accessed: [] });

describe("responseKey", () => {
  const all = caller(["sessions:read", "pii:read"]);

  it("keys a JSON POST by document hash, operation name, variables, Accept and scopes (in any order)", () => {
    const key = responseKey(JSON_POST, { query: QUERY, operationName: "Q", variables: { id: "x" } }, all);
    expect(key).toBeDefined();
    expect(responseKey(request({ "content-type": "application/json; charset=utf-8" }), { query: QUERY, operationName: "Q", variables: { id: "x" } }, caller(["pii:read", "sessions:read"]))).toBe(key);
    // The persisted-query hash names the same document as its text.
    expect(responseKey(JSON_POST, { extensions: apq(HASH), operationName: "Q", variables: { id: "x" } }, all)).toBe(key);
    expect(responseKey(JSON_POST, { query: QUERY, extensions: apq(HASH), operationName: "Q", variables: { id: "x" } }, all)).toBe(key);
    // No Accept is an empty one; the content type in any case, with parameters and spaces.
    expect(responseKey(request({ "content-type": " Application/JSON ; charset=utf-8", accept: "" }), { query: QUERY, operationName: "Q", variables: { id: "x" } }, all)).toBe(key);
    // Absent and null are the same to Apollo; so are no extensions and empty ones.
    const bare = responseKey(JSON_POST, { query: QUERY }, all);
    expect(bare).toBeDefined();
    for (const same of [{ query: QUERY, operationName: null, variables: null, extensions: null }, { query: QUERY, extensions: {} }]) {
      expect(responseKey(JSON_POST, same, all), JSON.stringify(same)).toBe(bare);
    }
    expect(responseKey(request({ "content-type": "application/json", accept: "a".repeat(256) }), { query: QUERY }, all)).toBeDefined();
    for (const other of [
      responseKey(JSON_POST, { query: QUERY, operationName: "Q", variables: { id: "y" } }, all),
      responseKey(JSON_POST, { query: `${QUERY} `, operationName: "Q", variables: { id: "x" } }, all),
      responseKey(JSON_POST, { query: QUERY, variables: { id: "x" } }, all),
      responseKey(request({ "content-type": "application/json", accept: "application/json" }), { query: QUERY, operationName: "Q", variables: { id: "x" } }, all),
      responseKey(JSON_POST, { query: QUERY, operationName: "Q", variables: { id: "x" } }, caller(["sessions:read"])),
    ]) {
      expect(other).toBeDefined();
      expect(other).not.toBe(key);
    }
  });

  it("never keys what Apollo could answer differently: GET, a form or text body, other fields, other extensions, a hash that does not match, a long Accept", () => {
    const body = { query: QUERY, variables: { id: "x" } };
    expect(responseKey(request({ "content-type": "application/json" }, "GET"), body, all)).toBeUndefined();
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/jsonx", "text/plain; application/json"]) {
      expect(responseKey(request({ "content-type": type }), body, all), type).toBeUndefined();
    }
    expect(responseKey(request({}), body, all)).toBeUndefined();
    expect(responseKey(request({ "content-type": "application/json", accept: "a".repeat(257) }), body, all)).toBeUndefined();
    for (const bad of [
      [body],
      "text",
      null,
      5,
      { ...body, variables: 5 },
      { ...body, variables: "x" },
      { ...body, extensions: 5 },
      { ...body, extensions: "x" },
      { ...body, documentId: "x" },
      { ...body, extensions: { tracing: true } },
      { ...body, extensions: apq("0".repeat(64)) },
      { extensions: apq("not-a-hash") },
      { extensions: { persistedQuery: { version: 2, sha256Hash: HASH } } },
      { ...body, operationName: 3 },
      { ...body, variables: ["x"] },
      { variables: { id: "x" } },
      { query: "" },
    ]) {
      expect(responseKey(JSON_POST, bad, all), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe("ResponseCache", () => {
  const events = () => {
    const evicted: ResponseEvictionReason[] = [];
    const held: number[] = [];
    return { evicted, held, observer: { evicted: (r: ResponseEvictionReason) => evicted.push(r), held: (b: number) => held.push(b) } };
  };

  it("stays within its byte bound with 1,000 large answers, the least recently read leaving first", () => {
    const seen = events();
    const maxBytes = 1024 * 1024;
    const cache = new ResponseCache({ ttlSeconds: 60, maxBytes, observer: seen.observer });
    const text = "x".repeat(40_000);
    for (let i = 0; i < 1_000; i++) {
      expect(cache.keep(`k${i}`, answer(text, [`s${i % 10}`]), cache.begin())).toBe(true);
      expect(cache.heldBytes).toBeLessThanOrEqual(maxBytes);
    }
    expect(Math.max(...seen.held)).toBeLessThanOrEqual(maxBytes);
    expect(cache.size).toBe(Math.floor(maxBytes / answerBytes("k1000", answer(text, ["s0"]))));
    expect(seen.evicted.filter((r) => r === "size")).toHaveLength(1_000 - cache.size);
    expect(cache.get("k999", caller([]))).toBeDefined();
    expect(cache.get("k0", caller([]))).toBeUndefined();
    // An answer bigger than the whole bound is refused, not allowed to empty the cache.
    expect(cache.keep("huge", answer("y".repeat(maxBytes), ["s"]), cache.begin())).toBe(false);
    expect(cache.get("k999", caller([]))).toBeDefined();
  });

  it("weighs an answer as its key and body in UTF-16, 80 bytes a session and 200 for the entry; one exactly the bound's size is kept", () => {
    const one = answer("x".repeat(1_000), ["a", "b"]);
    expect(answerBytes("key", one)).toBe(2 * (3 + 1_000) + 2 * 80 + 200);
    const cache = new ResponseCache({ ttlSeconds: 60, maxBytes: answerBytes("key", one) });
    expect(cache.keep("key", one, cache.begin())).toBe(true);
    expect(cache.heldBytes).toBe(answerBytes("key", one));
    expect(cache.keep("key2", one, cache.begin())).toBe(false);
  });

  it("an answer replaced under its key is not an eviction, and no longer carries the old answer's sessions", () => {
    const seen = events();
    const cache = new ResponseCache({ ttlSeconds: 60, maxBytes: 1 << 20, observer: seen.observer });
    cache.keep("gone", answer("x", ["z"]), cache.begin());
    cache.evict("z");
    cache.keep("k", answer("old", ["a"]), cache.begin());
    cache.keep("k", answer("new", ["b"]), cache.begin());
    expect(seen.evicted).toEqual(["notification"]);
    expect(cache.heldBytes).toBe(answerBytes("k", answer("new", ["b"])));
    cache.evict("a");
    expect(cache.get("k", caller([]))?.response.body).toEqual({ kind: "complete", string: "new" });
    cache.evict("b");
    expect(cache.get("k", caller([]))).toBeUndefined();
    expect(seen.evicted).toEqual(["notification", "notification"]);
  });

  it("an answer leaves when its TTL passes, without being asked for (counted as ttl), and reads do not extend it", async () => {
    const seen = events();
    const cache = new ResponseCache({ ttlSeconds: 0.2, maxBytes: 1 << 20, observer: seen.observer });
    cache.keep("read", answer("x", ["a"]), cache.begin());
    cache.keep("unread", answer("y", ["b"]), cache.begin());
    await until(() => cache.get("read", caller([])) === undefined, { timeoutMs: 5_000, everyMs: 20, what: "a read answer to expire" });
    await until(() => seen.evicted.length === 2, { timeoutMs: 5_000, what: "both to be purged" });
    expect(seen.evicted).toEqual(["ttl", "ttl"]);
    expect(cache.heldBytes).toBe(0);
  });

  it("works without an observer", () => {
    const cache = new ResponseCache({ ttlSeconds: 60, maxBytes: 4_000 });
    cache.keep("k", answer("x", ["a"]), cache.begin());
    cache.keep("k", answer("y", ["a"]), cache.begin());
    cache.keep("big", answer("z".repeat(1_500), ["b"]), cache.begin());
    cache.keep("big2", answer("z".repeat(1_500), ["b"]), cache.begin());
    cache.evict("a");
    cache.get("missing", caller([]));
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it("remembers exactly 10,000 evictions: the 10,001st forgets them, and answers begun before are refused", () => {
    const cache = new ResponseCache({ ttlSeconds: 60, maxBytes: 1 << 20 });
    const old = cache.begin();
    for (let i = 0; i < 10_000; i++) cache.evict(`other-${i}`);
    expect(cache.keep("c", answer("c", ["c"]), old)).toBe(true);
    cache.evict("other-last");
    expect(cache.keep("c2", answer("c", ["c"]), old)).toBe(false);
    expect(cache.keep("c3", answer("c", ["other-1"]), cache.begin())).toBe(true);
  });

  it("evicts by session, refuses answers whose sessions were evicted while they were built, and forgets nothing it must remember", () => {
    const seen = events();
    const cache = new ResponseCache({ ttlSeconds: 60, maxBytes: 1 << 20, observer: seen.observer });
    const since = cache.begin();
    cache.keep("ab", answer("ab", ["a", "b"]), since);
    cache.keep("c", answer("c", ["c"]), since);
    cache.evict("b");
    expect(cache.get("ab", caller([]))).toBeUndefined();
    expect(cache.get("c", caller([]))).toBeDefined();
    expect(seen.evicted).toEqual(["notification"]);
    // Built from before the eviction of `b`: not kept; `c` was not evicted: kept.
    expect(cache.keep("ab", answer("ab", ["a", "b"]), since)).toBe(false);
    expect(cache.keep("c2", answer("c", ["c"]), since)).toBe(true);
    expect(cache.keep("ab", answer("ab", ["a", "b"]), cache.begin())).toBe(true);
    // A resync drops everything and refuses everything begun before it.
    const beforeClear = cache.begin();
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.heldBytes).toBe(0);
    expect(seen.evicted.filter((r) => r === "resync").length).toBeGreaterThan(0);
    expect(cache.keep("c4", answer("c", ["c"]), beforeClear)).toBe(false);
  });

  it("serves a hit only when the caller's grant covers every session of the answer", () => {
    const cache = new ResponseCache({ ttlSeconds: 60, maxBytes: 1 << 20 });
    const lookups: string[] = [];
    const watched = new ResponseCache({ ttlSeconds: 60, maxBytes: 1 << 20, observer: { lookup: (o) => lookups.push(o) } });
    for (const c of [cache, watched]) c.keep("k", answer("x", ["a", "b"]), c.begin());
    expect(cache.get("k", caller(["sessions:read"]))).toBeDefined();
    expect(cache.get("k", caller(["sessions:read"], ["a", "b", "c"]))).toBeDefined();
    expect(cache.get("k", caller(["sessions:read"], ["a"]))).toBeUndefined();
    expect(cache.get("k", caller(["sessions:read"], []))).toBeUndefined();
    watched.get("k", caller([], ["b"]));
    watched.get("k", caller([]));
    watched.get("missing", caller([]));
    expect(lookups).toEqual(["outside_grant", "hit", "miss"]);
  });
});
