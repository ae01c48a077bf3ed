import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMediaTokens } from "../../src/server/http/media-token.js";
import { demoSession } from "../support/demo-data.js";
import { startStack, type Stack } from "../support/stack.js";
import { sleep, until } from "../support/wait.js";

const approved = demoSession("approved").session_id as string;
const rejected = demoSession("rejected").session_id as string;

const stateQuery = (id: string) => JSON.stringify({ query: "query($id: ID!) { session(id: $id) { id state } }", variables: { id } });

/** POSTs a query and aborts it from the client side once `when` says so. */
async function abandoned(stack: Stack, body: string, when: () => boolean): Promise<void> {
  const controller = new AbortController();
  const done = fetch(stack.gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body, signal: controller.signal }).catch(
    (error: unknown) => error,
  );
  await until(when, "the request to be under way");
  controller.abort();
  expect(await done).toMatchObject({ name: "AbortError" });
}

describe("a caller that disconnects cancels its upstream work", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ tuning: { maxConcurrency: 1 } });
  });
  afterAll(() => stack?.close());
  beforeEach(() => {
    stack.emulator.clearFaults();
    stack.emulator.resetStats();
  });

  it("in flight: the upstream request is aborted (the emulator counts it cancelled) and the request is logged as 499", async () => {
    stack.emulator.setFault(approved, { delayMs: 30_000 });
    await abandoned(stack, stateQuery(approved), () => stack.emulator.stats().inFlight === 1);
    await until(() => stack.emulator.stats().cancelled === 1, "the emulator to see the upstream request closed");
    expect(stack.emulator.stats().sessionGets[approved]).toBe(1);
    await until(() => stack.logs.records().some((r) => r.msg === "request" && r.status === 499), "the request log line");
    // The slot came back: the next read runs at once.
    stack.emulator.clearFaults();
    const next = await stack.post(stateQuery(rejected));
    expect(next.status).toBe(200);
  });

  it("queued behind the only slot: it never reaches Yoti at all", async () => {
    stack.emulator.setFault(approved, { delayMs: 1_500, times: 1 });
    const holder = stack.post(stateQuery(approved));
    await until(() => stack.emulator.stats().inFlight === 1, "the slot to be taken");
    const queuedId = randomUUID();
    // The queued request is abandoned while the slot is still held (the holder stalls 1.5 s); it has
    // had time to reach the gateway and queue for the slot.
    let sent = 0;
    const sentAt = Date.now();
    await abandoned(stack, stateQuery(queuedId), () => (sent = Date.now() - sentAt) >= 300);
    expect(sent).toBeGreaterThanOrEqual(300);
    expect(stack.emulator.stats().inFlight).toBe(1);
    expect((await holder).status).toBe(200);
    await sleep(200);
    expect(stack.emulator.stats().sessionGets[queuedId]).toBeUndefined();
  });
});

describe("media streams", () => {
  let stack: Stack;
  let mediaSession: string;
  const mediaId = randomUUID();
  const bytes = Buffer.alloc(10_000, 7);
  const urlFor = (sessionId: string, id: string) => `${stack.gateway.url}media/${createMediaTokens(stack.media.secret, 60).sign({ sessionId, mediaId: id })}`;

  beforeAll(async () => {
    // A 1 s attempt timeout: under the old whole-body timeout a 4 s download was cut at 1 s.
    stack = await startStack({ tuning: { timeoutMs: 1_000 }, mediaIdleMs: 1_000 });
    mediaSession = randomUUID();
    stack.emulator.addSession(mediaSession, {
      session_id: mediaSession,
      state: "COMPLETED",
      resources: { id_documents: [{ id: randomUUID(), pages: [{ media: { id: mediaId, type: "IMAGE" } }] }] },
    });
    stack.emulator.addMedia(mediaId, { contentType: "image/png", bytes });
  });
  afterAll(() => stack?.close());
  beforeEach(() => {
    stack.emulator.clearFaults();
    stack.emulator.resetStats();
  });

  it("a slow upstream body and a slow reader: every byte arrives, however long the whole takes", async () => {
    stack.emulator.setFault(mediaSession, { chunkBytes: 1_000, chunkDelayMs: 400 });
    const received = await new Promise<Buffer>((resolve, reject) => {
      request(urlFor(mediaSession, mediaId), (res) => {
        const chunks: Buffer[] = [];
        // The reader takes its time too: it pauses between reads.
        res.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          res.pause();
          setTimeout(() => res.resume(), 150);
        });
        res.on("end", () => resolve(Buffer.concat(chunks)));
        res.on("error", reject);
      })
        .on("error", reject)
        .end();
    });
    expect(received.equals(bytes)).toBe(true);
    expect(stack.emulator.stats().cancelled).toBe(0);
  }, 20_000);

  it("an upstream body idle for longer than the idle timeout is cut: the client sees an incomplete body, never a complete-looking one", async () => {
    stack.emulator.setFault(mediaSession, { chunkBytes: 1_000, chunkDelayMs: 3_000 });
    const outcome = await new Promise<{ length: number; complete: boolean; error?: string }>((resolve) => {
      request(urlFor(mediaSession, mediaId), (res) => {
        let length = 0;
        res.on("data", (chunk: Buffer) => (length += chunk.length));
        res.on("end", () => resolve({ length, complete: res.complete }));
        res.on("error", (e) => resolve({ length, complete: false, error: e.message }));
      })
        .on("error", (e) => resolve({ length: 0, complete: false, error: e.message }))
        .end();
    });
    expect(outcome.complete).toBe(false);
    expect(outcome.length).toBeLessThan(bytes.length);
    await until(() => stack.emulator.stats().cancelled === 1, "the upstream stream to be closed");
  }, 20_000);

  it("a browser that goes away mid-download aborts the upstream stream", async () => {
    stack.emulator.setFault(mediaSession, { chunkBytes: 1_000, chunkDelayMs: 300 });
    const controller = new AbortController();
    const res = await fetch(urlFor(mediaSession, mediaId), { signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await until(() => stack.emulator.stats().cancelled === 1, "the upstream stream to be closed");
    expect(stack.emulator.stats().mediaGets[`${mediaSession}/${mediaId}`]).toBe(1);
  }, 20_000);

  it("HEAD answers the media's status and headers without downloading its body", async () => {
    stack.emulator.setFault(mediaSession, { chunkBytes: 1_000, chunkDelayMs: 1_000 });
    const res = await fetch(urlFor(mediaSession, mediaId), { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-length")).toBe(String(bytes.length));
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    // The upstream body was dropped after its head: the emulator saw its response abandoned.
    await until(() => stack.emulator.stats().cancelled === 1, "the upstream body to be dropped");
    expect(stack.emulator.stats().mediaGets[`${mediaSession}/${mediaId}`]).toBe(1);
  });
});
