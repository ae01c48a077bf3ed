import { randomUUID } from "node:crypto";
import { getEventListeners } from "node:events";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { emulatorUpstream, type UpstreamTuning } from "../../src/config/upstream-config.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { ErrorCode } from "../../src/errors/error-codes.js";
import { MAX_JSON_MEDIA_BYTES } from "../../src/upstream/media-client.js";
import type { CircuitState, UpstreamAttempt, UpstreamObserver } from "../../src/upstream/upstream-observer.js";
import { UpstreamError } from "../../src/upstream/upstream-error.js";
import { createYotiClient, type YotiClient } from "../../src/upstream/yoti-client.js";
import { DEFAULTS } from "../support/gateway-options.js";
import { sleep, until } from "../support/wait.js";

/** The Yoti client alone against the emulator: what each read costs upstream, attempt by attempt. */
// Attempt events come when a socket closes, after the read settled: the tests poll for them with `until`.

/** Everything the client tells its observer. */
function recorder() {
  const attempts: UpstreamAttempt[] = [];
  const retries: string[] = [];
  const circuit: CircuitState[] = [];
  const observer: UpstreamObserver = {
    onAttempt: (a) => attempts.push(a),
    onRetry: (e) => retries.push(e),
    onCircuit: (s) => circuit.push(s),
  };
  return { attempts, retries, circuit, observer, statuses: () => attempts.map((a) => a.status) };
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  }
  throw new Error("expected an UpstreamError");
}

const SESSION = "GET /sessions/:id";
const MEDIA = "GET /sessions/:id/media/:mediaId/content";

describe("the Yoti client against the emulator", () => {
  let emulator: Emulator;
  let sessionId: string;
  const imageId = randomUUID();
  const jsonId = randomUUID();
  const emptyId = randomUUID();
  const hugeId = randomUUID();
  const notJsonId = randomUUID();
  const image = Buffer.alloc(5_000, 9);

  /** A client on the emulator with these tuning overrides, and its recorder. */
  const client = (tuning: Partial<UpstreamTuning> = {}): YotiClient & ReturnType<typeof recorder> => {
    const rec = recorder();
    const upstream = emulatorUpstream({ ...DEFAULTS.upstream.tuning, ...tuning }, emulator.baseUrl, emulator.sdkId, emulator.keyFile);
    return { ...createYotiClient(upstream, rec.observer), ...rec };
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    sessionId = randomUUID();
    const media = (id: string, type: string) => ({ id: randomUUID(), pages: [{ media: { id, type } }] });
    emulator.addSession(sessionId, {
      session_id: sessionId,
      state: "COMPLETED",
      resources: { id_documents: [media(imageId, "IMAGE"), media(jsonId, "JSON"), media(emptyId, "JSON"), media(hugeId, "JSON"), media(notJsonId, "JSON")] },
    });
    emulator.addMedia(imageId, { contentType: "image/png", bytes: image });
    emulator.addMedia(jsonId, { contentType: "application/json", bytes: Buffer.from('{"full_name":"A B"}') });
    emulator.addMedia(emptyId, { empty: true });
    emulator.addMedia(hugeId, { contentType: "application/json", bytes: Buffer.from(`"${"x".repeat(MAX_JSON_MEDIA_BYTES - 1)}"`) });
    emulator.addMedia(notJsonId, { contentType: "application/json", bytes: Buffer.from("{not json") });
  });
  afterAll(() => emulator?.close());
  beforeEach(() => {
    emulator.clearFaults();
    emulator.resetStats();
  });

  describe("session reads", () => {
    it("one signed GET, one attempt labelled with the endpoint template and status", async () => {
      const c = client();
      const started = performance.now();
      expect((await c.getSession(sessionId)).session_id).toBe(sessionId);
      await until(() => c.attempts.length === 1, "the attempt");
      const elapsed = performance.now() - started;
      expect(c.attempts[0]).toMatchObject({ endpoint: SESSION, status: "200", attempt: 1 });
      // The attempt's own time: some, and no more than the whole read took (seen from outside).
      expect(c.attempts[0]!.durationMs).toBeGreaterThan(0);
      expect(c.attempts[0]!.durationMs).toBeLessThanOrEqual(elapsed);
      expect(emulator.stats().sessionGets).toEqual({ [sessionId]: 1 });
      expect(emulator.stats().rejected).toBe(0);
    });

    it("a 500 is retried, each attempt signed afresh and numbered, each retry reported", async () => {
      const c = client({ retries: 2 });
      emulator.setFault(sessionId, { status: 500, times: 2 });
      expect((await c.getSession(sessionId)).session_id).toBe(sessionId);
      await until(() => c.attempts.length === 3, "three attempts");
      expect(c.attempts.map((a) => [a.attempt, a.status])).toEqual([
        [1, "500"],
        [2, "500"],
        [3, "200"],
      ]);
      expect(c.retries).toEqual([SESSION, SESSION]);
      expect(emulator.stats().sessionGets).toEqual({ [sessionId]: 3 });
    });

    it("retries stop at YOTI_RETRIES: the last status decides the code", async () => {
      const c = client({ retries: 1 });
      emulator.setFault(sessionId, { status: 503 });
      const error = await failure(c.getSession(sessionId));
      expect(error).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, status: 503, endpoint: SESSION });
      expect(emulator.stats().sessionGets).toEqual({ [sessionId]: 2 });
    });

    it.each([
      [404, ErrorCode.NOT_FOUND, undefined],
      [401, ErrorCode.UPSTREAM_UNAUTHORIZED, undefined],
      [400, ErrorCode.UPSTREAM_BAD_REQUEST, undefined],
    ])("%i is final: one attempt, %s", async (status, code) => {
      const c = client({ retries: 2 });
      const id = status === 404 ? randomUUID() : sessionId;
      if (status !== 404) emulator.setFault(sessionId, { status });
      expect(await failure(c.getSession(id))).toMatchObject({ code, status });
      expect(emulator.stats().sessionGets).toEqual({ [id]: 1 });
      expect(c.retries).toEqual([]);
    });

    it("a Retry-After of 0 is still a retry", async () => {
      const c = client({ retries: 1 });
      emulator.setFault(sessionId, { status: 429, retryAfterSeconds: 0, times: 1 });
      expect((await c.getSession(sessionId)).session_id).toBe(sessionId);
      expect(emulator.stats().sessionGets).toEqual({ [sessionId]: 2 });
    });

    it("a Retry-After longer than the deadline leaves is not waited for: one attempt, RATE_LIMITED", async () => {
      const c = client({ retries: 2, deadlineMs: 2_000 });
      emulator.setFault(sessionId, { status: 429, retryAfterSeconds: 3 });
      expect(await failure(c.getSession(sessionId))).toMatchObject({ code: ErrorCode.UPSTREAM_RATE_LIMITED, status: 429 });
      expect(emulator.stats().sessionGets).toEqual({ [sessionId]: 1 });
    });

    it("a backoff that would not fit the deadline is not waited for either", async () => {
      // The first backoff is 250 ms or more; a 300 ms stall plus that passes a 500 ms deadline.
      const c = client({ retries: 2, deadlineMs: 500, timeoutMs: 400 });
      emulator.setFault(sessionId, { status: 500, delayMs: 300 });
      expect(await failure(c.getSession(sessionId))).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, status: 500 });
      expect(emulator.stats().sessionGets).toEqual({ [sessionId]: 1 });
    });

    it("an attempt that outlives YOTI_TIMEOUT_MS is a timeout, and is retried", async () => {
      const c = client({ retries: 1, timeoutMs: 300 });
      emulator.setFault(sessionId, { delayMs: 2_000, times: 1 });
      expect((await c.getSession(sessionId)).session_id).toBe(sessionId);
      await until(() => c.attempts.length === 2, "two attempts");
      expect(c.statuses()).toEqual(["timeout", "200"]);
    });

    it("a reset connection is a network failure", async () => {
      const c = client({ retries: 0 });
      emulator.setFault(sessionId, { reset: true });
      const error = await failure(c.getSession(sessionId));
      expect(error).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, reason: "network", status: undefined });
      await until(() => c.attempts.length === 1, "the attempt");
      expect(c.statuses()).toEqual(["network"]);
    });

    it("the deadline ends a read as a whole: timed out, the attempt labelled timeout", async () => {
      const c = client({ retries: 2, deadlineMs: 400, timeoutMs: 5_000 });
      emulator.setFault(sessionId, { delayMs: 3_000 });
      const error = await failure(c.getSession(sessionId));
      expect(error).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, reason: "timeout" });
      expect(error.timedOut).toBe(true);
      await until(() => c.attempts.length === 1, "the attempt");
      expect(c.statuses()).toEqual(["timeout"]);
    });

    it("a caller that leaves mid-attempt cancels it: reason cancelled, the attempt labelled aborted", async () => {
      const c = client({ retries: 2 });
      emulator.setFault(sessionId, { delayMs: 3_000 });
      const controller = new AbortController();
      const read = failure(c.getSession(sessionId, { signal: controller.signal }));
      await until(() => emulator.stats().inFlight === 1, "the attempt to arrive");
      controller.abort();
      expect(await read).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, reason: "cancelled" });
      await until(() => c.attempts.length === 1, "the attempt");
      expect(c.statuses()).toEqual(["aborted"]);
      await until(() => emulator.stats().cancelled === 1, "the emulator to see the cancellation");
    });

    it("a caller that already left costs nothing upstream", async () => {
      const c = client();
      expect(await failure(c.getSession(sessionId, { signal: AbortSignal.abort() }))).toMatchObject({ reason: "cancelled" });
      expect(emulator.stats().total).toBe(0);
    });

    it("a body that is not a session is a bad response", async () => {
      const c = client();
      emulator.setFault(sessionId, { body: '{"session_id": "ab' });
      expect(await failure(c.getSession(sessionId))).toMatchObject({ code: ErrorCode.UPSTREAM_BAD_RESPONSE, status: 200 });
    });
  });

  describe("the circuit", () => {
    it("opens after most reads failed (no upstream call while open), probes after the cool-down and closes on success", async () => {
      const c = client({ retries: 0, circuitCooldownMs: 300 });
      emulator.setFault(sessionId, { status: 503 });
      for (let i = 0; i < 12; i++) await failure(c.getSession(sessionId));
      expect(c.circuit).toEqual(["open"]);
      emulator.resetStats();
      expect(await failure(c.getSession(sessionId))).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, reason: "circuit-open" });
      expect(emulator.stats().total).toBe(0);
      emulator.clearFaults();
      await sleep(400);
      expect((await c.getSession(sessionId)).session_id).toBe(sessionId);
      expect(c.circuit).toEqual(["open", "half-open", "closed"]);
    });

    it("while the probe is under way, other reads fail fast instead of waiting for it", async () => {
      const c = client({ retries: 0, circuitCooldownMs: 200 });
      emulator.setFault(sessionId, { status: 503 });
      for (let i = 0; i < 12; i++) await failure(c.getSession(sessionId));
      emulator.setFault(sessionId, { delayMs: 1_000 });
      await sleep(300);
      const probe = c.getSession(sessionId);
      await until(() => c.circuit.includes("half-open"), "the probe");
      emulator.resetStats();
      expect(await failure(c.getSession(sessionId))).toMatchObject({ reason: "circuit-open" });
      expect(emulator.stats().sessionGets).toEqual({});
      expect((await probe).session_id).toBe(sessionId);
    });

    it("missing sessions and bad requests never open it", async () => {
      const c = client({ retries: 0 });
      emulator.setFault(sessionId, { status: 400 });
      for (let i = 0; i < 12; i++) await failure(c.getSession(randomUUID()));
      for (let i = 0; i < 12; i++) await failure(c.getSession(sessionId));
      expect(c.circuit).toEqual([]);
    });
  });

  describe("JSON media", () => {
    it("parsed; 204 is null; over the size cap or not JSON is a bad response", async () => {
      const c = client();
      expect(await c.getJsonMedia(sessionId, jsonId)).toEqual({ full_name: "A B" });
      expect(await c.getJsonMedia(sessionId, emptyId)).toBeNull();
      expect(await failure(c.getJsonMedia(sessionId, hugeId))).toMatchObject({ code: ErrorCode.UPSTREAM_BAD_RESPONSE, status: 200, endpoint: MEDIA });
      expect(await failure(c.getJsonMedia(sessionId, notJsonId))).toMatchObject({ code: ErrorCode.UPSTREAM_BAD_RESPONSE, status: 200 });
      expect(await failure(c.getJsonMedia(sessionId, randomUUID()))).toMatchObject({ code: ErrorCode.NOT_FOUND, status: 404 });
    });

    it("the size cap is MAX_JSON_MEDIA_BYTES exactly", async () => {
      const c = client();
      const fits = randomUUID();
      emulator.addMedia(fits, { contentType: "application/json", bytes: Buffer.from(`"${"y".repeat(MAX_JSON_MEDIA_BYTES - 2)}"`) });
      const id = randomUUID();
      emulator.addSession(id, { session_id: id, resources: { id_documents: [{ id: randomUUID(), pages: [{ media: { id: fits, type: "JSON" } }] }] } });
      expect(await c.getJsonMedia(id, fits)).toHaveLength(MAX_JSON_MEDIA_BYTES - 2);
    });

    it("retried like session reads, under the media endpoint's template", async () => {
      const c = client({ retries: 1 });
      emulator.setFault(sessionId, { status: 502, times: 1 });
      expect(await c.getJsonMedia(sessionId, jsonId)).toEqual({ full_name: "A B" });
      expect(c.retries).toEqual([MEDIA]);
      await until(() => c.attempts.length === 2, "two attempts");
      expect(c.attempts.map((a) => a.endpoint)).toEqual([MEDIA, MEDIA]);
    });
  });

  describe("media streams", () => {
    it("opens with the status, type and length once the head is in; the bytes follow", async () => {
      const c = client();
      const stream = await c.openMedia(sessionId, imageId);
      expect(stream).toMatchObject({ status: 200, contentType: "image/png", contentLength: String(image.length) });
      const chunks: Buffer[] = [];
      for await (const chunk of stream.body) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(image)).toBe(true);
    });

    it("204 opens as 204; an error status rejects with its code; one attempt, never retried", async () => {
      const c = client({ retries: 2 });
      const empty = await c.openMedia(sessionId, emptyId);
      expect(empty.status).toBe(204);
      empty.body.destroy();
      emulator.setFault(sessionId, { status: 500 });
      expect(await failure(c.openMedia(sessionId, imageId))).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, status: 500, endpoint: MEDIA });
      expect(emulator.stats().mediaGets[`${sessionId}/${imageId}`]).toBe(1);
      expect(c.retries).toEqual([]);
    });

    it("a head slower than the deadline: timed out", async () => {
      const c = client({ deadlineMs: 400, timeoutMs: 5_000 });
      emulator.setFault(sessionId, { delayMs: 3_000 });
      const error = await failure(c.openMedia(sessionId, imageId));
      expect(error).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, reason: "timeout" });
    });

    it("a slow body is not bound by the deadline once the head is in", async () => {
      const c = client({ deadlineMs: 500 });
      emulator.setFault(sessionId, { chunkBytes: 2_000, chunkDelayMs: 300 });
      const stream = await c.openMedia(sessionId, imageId);
      const chunks: Buffer[] = [];
      for await (const chunk of stream.body) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(image)).toBe(true);
    });

    it("a caller that leaves before the head cancels the stream; one that already left costs nothing", async () => {
      const c = client();
      emulator.setFault(sessionId, { delayMs: 3_000 });
      const controller = new AbortController();
      const open = failure(c.openMedia(sessionId, imageId, { signal: controller.signal }));
      await until(() => emulator.stats().inFlight === 1, "the request to arrive");
      controller.abort();
      expect(await open).toMatchObject({ reason: "cancelled" });
      await until(() => emulator.stats().cancelled === 1, "the emulator to see the cancellation");
      emulator.resetStats();
      expect(await failure(c.openMedia(sessionId, imageId, { signal: AbortSignal.abort() }))).toMatchObject({ reason: "cancelled" });
      expect(emulator.stats().total).toBe(0);
    });

    it("a caller that leaves mid-body ends the upstream download", async () => {
      const c = client();
      emulator.setFault(sessionId, { chunkBytes: 500, chunkDelayMs: 300 });
      const controller = new AbortController();
      const stream = await c.openMedia(sessionId, imageId, { signal: controller.signal });
      controller.abort();
      await until(() => stream.body.destroyed, "the body to be destroyed");
      await until(() => emulator.stats().cancelled === 1, "the emulator to see the cancellation");
    });

    it("streams have their own slots: a held stream never blocks a session read", async () => {
      const c = client({ maxConcurrency: 1, maxPerSession: 1 });
      emulator.setFault(sessionId, { chunkBytes: 500, chunkDelayMs: 1_000 });
      const stream = await c.openMedia(sessionId, imageId);
      emulator.clearFaults();
      expect((await c.getSession(sessionId)).session_id).toBe(sessionId);
      stream.body.destroy();
    });
  });

  describe("slots", () => {
    it("at most YOTI_MAX_CONCURRENCY attempts in flight, at most YOTI_MAX_PER_SESSION for one session", async () => {
      const c = client({ maxConcurrency: 3, maxPerSession: 2 });
      const ids = Array.from({ length: 6 }, () => {
        const id = randomUUID();
        emulator.addSession(id, { session_id: id });
        return id;
      });
      emulator.setFault("*", { delayMs: 150 });
      emulator.resetStats();
      await Promise.all(ids.map((id) => c.getSession(id)));
      expect(emulator.stats().peakInFlight).toBe(3);
      emulator.resetStats();
      await Promise.all([1, 2, 3, 4, 5].map(() => c.getSession(ids[0]!)));
      expect(emulator.stats().peakInFlight).toBe(2);
    });
  });

  describe("the caller's signal", () => {
    // One request's signal goes to every read it makes: a listener left behind per read would pile up.
    it("keeps no listener once a read is over: a session, a failed read, JSON media, a stream read to its end, a failed stream", async () => {
      const c = client({ retries: 0 });
      const { signal } = new AbortController();
      const listeners = () => getEventListeners(signal, "abort").length;
      await c.getSession(sessionId, { signal });
      expect(listeners()).toBe(0);
      await failure(c.getSession(randomUUID(), { signal }));
      expect(listeners()).toBe(0);
      await c.getJsonMedia(sessionId, jsonId, { signal });
      expect(listeners()).toBe(0);
      const stream = await c.openMedia(sessionId, imageId, { signal });
      for await (const _chunk of stream.body);
      // got's stream closes when its reader destroys it (the media route does, once its answer closes).
      stream.body.destroy();
      await until(() => listeners() === 0, "the stream's listener to go");
      emulator.setFault(sessionId, { status: 500 });
      await failure(c.openMedia(sessionId, imageId, { signal }));
      expect(listeners()).toBe(0);
    });
  });
});
