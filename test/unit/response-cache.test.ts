import { createHash } from "node:crypto";
import { HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import type { Scope } from "../../src/config/security-config.js";
import type { Caller } from "../../src/schema/resolver-context.js";
import { ResponseCache, type ResponseEvictionReason } from "../../src/server/graphql/response-cache.js";
import { responseKey } from "../../src/server/graphql/response-key.js";

const caller = (scopes: Scope[], sessionIds?: string[]): Caller => ({ name: "t", scopes: new Set(scopes), sessionIds: sessionIds && new Set(sessionIds) });
const request = (headers: Record<string, string>, method = "POST") => ({ method, headers }) as unknown as IncomingMessage;
const JSON_POST = request({ "content-type": "application/json" });
const QUERY = "query Q($id: ID!) { session(id: $id) { id } }";
const HASH = createHash("sha256").update(QUERY).digest("hex");
const apq = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });
const answer = (text: string): HTTPGraphQLResponse => ({ status: 200, headers: new HeaderMap([["content-type", "application/json"]]), body: { kind: "complete", string: text } });

describe("responseKey", () => {
  const all = caller(["sessions:read", "pii:read"]);

  it("keys a JSON POST by document hash, operation name, variables, Accept and scopes (in any order)", () => {
    const key = responseKey(JSON_POST, { query: QUERY, operationName: "Q", variables: { id: "x" } }, all);
    expect(key).toBeDefined();
    expect(responseKey(request({ "content-type": "application/json; charset=utf-8" }), { query: QUERY, operationName: "Q", variables: { id: "x" } }, caller(["pii:read", "sessions:read"]))).toBe(key);
    // The persisted-query hash names the same document as its text.
    expect(responseKey(JSON_POST, { extensions: apq(HASH), operationName: "Q", variables: { id: "x" } }, all)).toBe(key);
    expect(responseKey(JSON_POST, { query: QUERY, extensions: apq(HASH), operationName: "Q", variables: { id: "x" } }, all)).toBe(key);
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
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/jsonx"]) {
      expect(responseKey(request({ "content-type": type }), body, all), type).toBeUndefined();
    }
    expect(responseKey(request({}), body, all)).toBeUndefined();
    expect(responseKey(request({ "content-type": "application/json", accept: "a".repeat(257) }), body, all)).toBeUndefined();
    for (const bad of [
      [body],
      "text",
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
      expect(cache.keep(`k${i}`, { response: answer(text), sessionIds: [`s${i % 10}`] }, cache.begin())).toBe(true);
      expect(cache.heldBytes).toBeLessThanOrEqual(maxBytes);
    }
    expect(Math.max(...seen.held)).toBeLessThanOrEqual(maxBytes);
    expect(cache.size).toBe(Math.floor(maxBytes / (2 * (5 + 40_000) + 80 + 200)));
    expect(seen.evicted.filter((r) => r === "size")).toHaveLength(1_000 - cache.size);
    expect(cache.get("k999", caller([]))).toBeDefined();
    expect(cache.get("k0", caller([]))).toBeUndefined();
    // An answer bigger than the whole bound is refused, not allowed to empty the cache.
    expect(cache.keep("huge", { response: answer("y".repeat(maxBytes)), sessionIds: ["s"] }, cache.begin())).toBe(false);
    expect(cache.get("k999", caller([]))).toBeDefined();
  });

  it("evicts by session, refuses answers whose sessions were evicted while they were built, and forgets nothing it must remember", () => {
    const seen = events();
    const cache = new ResponseCache({ ttlSeconds: 60, maxBytes: 1 << 20, observer: seen.observer });
    const since = cache.begin();
    cache.keep("ab", { response: answer("ab"), sessionIds: ["a", "b"] }, since);
    cache.keep("c", { response: answer("c"), sessionIds: ["c"] }, since);
    cache.evict("b");
    expect(cache.get("ab", caller([]))).toBeUndefined();
    expect(cache.get("c", caller([]))).toBeDefined();
    expect(seen.evicted).toEqual(["notification"]);
    // Built from before the eviction of `b`: not kept; `c` was not evicted: kept.
    expect(cache.keep("ab", { response: answer("ab"), sessionIds: ["a", "b"] }, since)).toBe(false);
    expect(cache.keep("c2", { response: answer("c"), sessionIds: ["c"] }, since)).toBe(true);
    expect(cache.keep("ab", { response: answer("ab"), sessionIds: ["a", "b"] }, cache.begin())).toBe(true);
    // Past the remembered evictions, every answer begun before is refused (it cannot be told apart).
    const old = cache.begin();
    for (let i = 0; i < 10_001; i++) cache.evict(`other-${i}`);
    expect(cache.keep("c3", { response: answer("c"), sessionIds: ["c"] }, old)).toBe(false);
    expect(cache.keep("c3", { response: answer("c"), sessionIds: ["c"] }, cache.begin())).toBe(true);
    // A resync drops everything and refuses everything begun before it.
    const beforeClear = cache.begin();
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.heldBytes).toBe(0);
    expect(seen.evicted.filter((r) => r === "resync").length).toBeGreaterThan(0);
    expect(cache.keep("c4", { response: answer("c"), sessionIds: ["c"] }, beforeClear)).toBe(false);
  });

  it("serves a hit only when the caller's grant covers every session of the answer", () => {
    const cache = new ResponseCache({ ttlSeconds: 60, maxBytes: 1 << 20 });
    const lookups: string[] = [];
    const watched = new ResponseCache({ ttlSeconds: 60, maxBytes: 1 << 20, observer: { lookup: (o) => lookups.push(o) } });
    for (const c of [cache, watched]) c.keep("k", { response: answer("x"), sessionIds: ["a", "b"] }, c.begin());
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
