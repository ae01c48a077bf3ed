import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMediaTokens } from "../../src/server/http/media-token.js";
import { DEFAULTS } from "../support/gateway-options.js";
import { demoSession } from "../support/demo-data.js";
import { startStack, type Stack } from "../support/stack.js";

const approved = demoSession("approved");
const approvedId = approved.session_id as string;

/** `count` copies of the approved session under fresh ids, added to the emulator. */
function copies(stack: Stack, count: number): string[] {
  return Array.from({ length: count }, () => {
    const id = randomUUID();
    stack.emulator.addSession(id, { ...approved, session_id: id });
    return id;
  });
}

/** JSON media the emulator's manifest serves (document fields of the demo sessions). */
const JSON_MEDIA = [
  "924e03bd-f373-437e-b008-f561cb24d877",
  "c0d1a583-1242-455a-8105-3078e06a2143",
  "7168f29e-f583-45ea-aaa0-e4b3e97a8870",
  "f6ed6934-d3d0-4302-8845-6426ec839f64",
  "46ea7b10-6063-4268-bb53-b4bf7684b5be",
  "b4e179cc-48b0-49ff-b02c-faee06a41f0a",
];

const many = (ids: string[]) => JSON.stringify({ query: "query($ids: [ID!]!) { sessions(ids: $ids) { id state } }", variables: { ids } });

describe("the concurrency cap, measured at the emulator as the peak of requests in flight", () => {
  it("the documented default: 40 distinct sessions, never more than 32 upstream requests at once", async () => {
    const stack = await startStack();
    try {
      expect(DEFAULTS.upstream.tuning.maxConcurrency).toBe(32);
      const ids = copies(stack, 40);
      // Each answer is held 150 ms after it is counted, so requests overlap at the emulator.
      stack.emulator.setFault("*", { delayMs: 150 });
      stack.emulator.resetStats();
      const res = await stack.post(many(ids));
      expect(res.status).toBe(200);
      expect(stack.emulator.stats().peakInFlight).toBe(32);
      expect(Object.keys(stack.emulator.stats().sessionGets)).toHaveLength(40);
    } finally {
      await stack.close();
    }
  });

  it("YOTI_MAX_CONCURRENCY=3: at most 3 at once", async () => {
    const stack = await startStack({ tuning: { maxConcurrency: 3 } });
    try {
      const ids = copies(stack, 12);
      stack.emulator.setFault("*", { delayMs: 150 });
      stack.emulator.resetStats();
      expect((await stack.post(many(ids))).status).toBe(200);
      expect(stack.emulator.stats().peakInFlight).toBe(3);
    } finally {
      await stack.close();
    }
  });

  it("YOTI_MAX_PER_SESSION=2: six JSON media of one session are fetched at most 2 at once", async () => {
    const stack = await startStack({ tuning: { maxPerSession: 2 } });
    try {
      const id = randomUUID();
      const documents = JSON_MEDIA.map((mediaId) => ({ id: randomUUID(), document_fields: { media: { id: mediaId, type: "JSON" } } }));
      stack.emulator.addSession(id, { session_id: id, state: "COMPLETED", resources: { id_documents: documents } });
      stack.emulator.setFault(id, { delayMs: 150 });
      stack.emulator.resetStats();
      const res = await stack.post(JSON.stringify({ query: `{ session(id: "${id}") { resources { idDocuments { documentFields { json } } } } }` }));
      expect(res.status).toBe(200);
      expect(Object.keys(stack.emulator.stats().mediaGets)).toHaveLength(JSON_MEDIA.length);
      expect(stack.emulator.stats().peakInFlight).toBe(2);
    } finally {
      await stack.close();
    }
  });
});

describe("a 404 is final: exactly one upstream attempt, whatever the retries", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());
  beforeEach(() => stack.emulator.resetStats());

  it("a missing session", async () => {
    expect(DEFAULTS.upstream.tuning.retries).toBe(2);
    const id = randomUUID();
    const res = await stack.post(JSON.stringify({ query: `{ session(id: "${id}") { id } }` }));
    expect((res.json as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("NOT_FOUND");
    expect(stack.emulator.stats().sessionGets).toEqual({ [id]: 1 });
    expect(stack.emulator.stats().total).toBe(1);
  });

  it("a missing media, through the media route", async () => {
    const missing = randomUUID();
    const url = `${stack.gateway.url}media/${createMediaTokens(stack.media.secret, 60).sign({ sessionId: approvedId, mediaId: missing })}`;
    expect((await fetch(url)).status).toBe(404);
    expect(stack.emulator.stats().mediaGets).toEqual({ [`${approvedId}/${missing}`]: 1 });
  });
});

describe("every media answer is no-store and nosniff, errors included", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ tuning: { retries: 0 } });
  });
  afterAll(() => stack?.close());

  it.each([
    ["200", () => approved.resources.id_documents[0].pages[0].media.id as string, undefined, 200],
    ["204 (content not available)", () => demoSession("not-available").resources.id_documents[0].pages[0].media.id as string, undefined, 204],
    ["404", () => randomUUID(), undefined, 404],
    ["502", () => approved.resources.id_documents[0].pages[0].media.id as string, { status: 401 }, 502],
    ["503", () => approved.resources.id_documents[0].pages[0].media.id as string, { status: 500 }, 503],
  ] as const)("%s", async (_name, media, fault, status) => {
    const sessionId = status === 204 ? (demoSession("not-available").session_id as string) : approvedId;
    const mediaId = media();
    if (fault) stack.emulator.setFault(sessionId, fault);
    try {
      for (const method of ["GET", "HEAD"]) {
        const res = await fetch(`${stack.gateway.url}media/${createMediaTokens(stack.media.secret, 60).sign({ sessionId, mediaId })}`, { method });
        expect(res.status).toBe(status);
        expect(res.headers.get("cache-control")).toBe("no-store");
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
        await res.arrayBuffer();
      }
    } finally {
      stack.emulator.clearFaults();
    }
  });

  it("403 for a bad token", async () => {
    const res = await fetch(`${stack.gateway.url}media/not.a-token`);
    expect(res.status).toBe(403);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

