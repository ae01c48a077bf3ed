import { randomBytes } from "node:crypto";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMediaTokens } from "../../src/server/http/media-token.js";
import { mediaRoute } from "../../src/server/http/media-route.js";
import { ErrorCode, messageFor } from "../../src/errors/error-codes.js";
import type { MediaSource, MediaStream } from "../../src/upstream/media-client.js";
import { upstreamStatusError, upstreamUnavailableError } from "../../src/upstream/upstream-error.js";
import { sleep, until } from "../support/wait.js";

// The route on a real HTTP server, its media source a stand-in whose answers each test sets: what
// the route makes of every kind of upstream answer, including ones the emulator never gives.
const tokens = createMediaTokens(randomBytes(32), 60);
const grant = { sessionId: "9a7dbbfd-7190-486c-9066-91d372e4c6e2", mediaId: "50c9a97a-d76e-4ce3-a98c-36d2aa34eb08" };
const IDLE_MS = 300;

let next: (signal: AbortSignal | undefined) => Promise<MediaStream>;
const opened: { sessionId: string; mediaId: string; signal?: AbortSignal }[] = [];
const source: MediaSource = {
  getJsonMedia: () => Promise.reject(new Error("not used")),
  openMedia: (sessionId, mediaId, call) => {
    opened.push({ sessionId, mediaId, signal: call?.signal });
    return next(call?.signal);
  },
};
let server: Server;
let base: string;

beforeAll(async () => {
  const route = mediaRoute(tokens, source, IDLE_MS);
  server = createServer((req, res) => void route(decodeURIComponent(req.url!.slice(1)), req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => server?.close());
afterEach(() => {
  opened.length = 0;
});

/** A stream answer with `body` and these head fields. */
const stream = (body: Readable, head: Partial<MediaStream> = {}): MediaStream => ({ status: 200, contentType: "image/png", contentLength: undefined, body, ...head });

interface Got {
  status: number;
  headers: IncomingMessage["headers"];
  body: Buffer;
  complete: boolean;
}

/** GET (or HEAD) the route with node:http, reading the whole body or until the connection breaks. */
function get(token: string, method = "GET", readDelayMs = 0): Promise<Got> {
  return new Promise((resolve, reject) => {
    request(base + encodeURIComponent(token), { method }, (res) => {
      const chunks: Buffer[] = [];
      const finish = () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), complete: res.complete });
      if (readDelayMs > 0) {
        res.pause();
        setTimeout(() => res.resume(), readDelayMs);
      }
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", finish);
      res.on("error", finish);
      res.on("aborted", finish);
    })
      .on("error", reject)
      .end();
  });
}

const NO_STORE = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

describe("media route", () => {
  it("a bad token is 403 FORBIDDEN with the fixed explanation, and the source is never asked", async () => {
    const res = await get("not-a-token");
    expect(res.status).toBe(403);
    expect(res.headers).toMatchObject(NO_STORE);
    expect(JSON.parse(res.body.toString())).toEqual({ error: { code: "FORBIDDEN", message: "Media URL is invalid or expired; query Media.url again" } });
    expect(opened).toEqual([]);
  });

  it("a valid token opens its grant's media, with a signal that aborts when the client leaves", async () => {
    next = () => Promise.resolve(stream(Readable.from([Buffer.from("png")])));
    const res = await get(tokens.sign(grant));
    expect(res.status).toBe(200);
    expect(opened.map(({ sessionId, mediaId }) => ({ sessionId, mediaId }))).toEqual([grant]);
    expect(opened[0]!.signal).toBeInstanceOf(AbortSignal);
    expect(opened[0]!.signal!.aborted).toBe(false);
  });

  it("200: the bytes, the upstream type and length, no-store and nosniff", async () => {
    const bytes = randomBytes(50_000);
    next = () => Promise.resolve(stream(Readable.from([bytes.subarray(0, 20_000), bytes.subarray(20_000)]), { contentLength: String(bytes.length) }));
    const res = await get(tokens.sign(grant));
    expect(res).toMatchObject({ status: 200, complete: true });
    expect(res.headers).toMatchObject({ ...NO_STORE, "content-type": "image/png", "content-length": String(bytes.length) });
    expect(res.body.equals(bytes)).toBe(true);
  });

  it("a body that ended is never cut later for idleness: the idle clock stops with it", async () => {
    const body = Readable.from([Buffer.from("png")]);
    const cuts: unknown[] = [];
    const destroy = body.destroy.bind(body);
    body.destroy = (error?: Error) => (cuts.push(error), destroy(error));
    next = () => Promise.resolve(stream(body));
    expect((await get(tokens.sign(grant))).body.toString()).toBe("png");
    await sleep(IDLE_MS * 2);
    expect(cuts.filter((error) => error !== undefined)).toEqual([]);
  });

  it("an upstream answer without a type is served as application/octet-stream, never sniffed", async () => {
    next = () => Promise.resolve(stream(Readable.from([Buffer.from("<html>")]), { contentType: undefined }));
    const res = await get(tokens.sign(grant));
    expect(res.headers).toMatchObject({ ...NO_STORE, "content-type": "application/octet-stream" });
    expect(res.headers["content-length"]).toBeUndefined();
    expect(res.body.toString()).toBe("<html>");
  });

  it("204 stays 204: no body, no length, the upstream body dropped", async () => {
    const body = Readable.from([Buffer.from("ignored")]);
    next = () => Promise.resolve(stream(body, { status: 204, contentLength: "7" }));
    const res = await get(tokens.sign(grant));
    expect(res.status).toBe(204);
    expect(res.headers).toMatchObject({ ...NO_STORE, "content-type": "image/png" });
    expect(res.headers["content-length"]).toBeUndefined();
    expect(res.body).toHaveLength(0);
    expect(body.destroyed).toBe(true);
  });

  it("HEAD: the status, type and length, and the upstream body dropped unread", async () => {
    const body = Readable.from([Buffer.from("abc")]);
    next = () => Promise.resolve(stream(body, { contentLength: "3" }));
    const res = await get(tokens.sign(grant), "HEAD");
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ ...NO_STORE, "content-type": "image/png", "content-length": "3" });
    expect(body.destroyed).toBe(true);
    next = () => Promise.resolve(stream(Readable.from([]), { contentLength: undefined }));
    expect((await get(tokens.sign(grant), "HEAD")).headers["content-length"]).toBeUndefined();
  });

  it.each([
    ["404", () => upstreamStatusError("e", 404), 404, ErrorCode.NOT_FOUND],
    ["401", () => upstreamStatusError("e", 401), 502, ErrorCode.UPSTREAM_UNAUTHORIZED],
    ["429", () => upstreamStatusError("e", 429), 503, ErrorCode.UPSTREAM_RATE_LIMITED],
    ["a network failure", () => upstreamUnavailableError("e", "network"), 503, ErrorCode.UPSTREAM_UNAVAILABLE],
    ["a timeout", () => upstreamUnavailableError("e", "timeout"), 504, ErrorCode.UPSTREAM_UNAVAILABLE],
    ["anything else", () => new Error("https://api.yoti.com/x?nonce=n"), 503, ErrorCode.UPSTREAM_UNAVAILABLE],
  ])("%s: its status and code with the code's fixed message", async (_what, error, status, code) => {
    next = () => Promise.reject(error());
    const res = await get(tokens.sign(grant));
    expect(res.status).toBe(status);
    expect(res.headers).toMatchObject(NO_STORE);
    expect(JSON.parse(res.body.toString())).toEqual({ error: { code, message: messageFor(code) } });
  });

  it("a client that left before the upstream answered gets nothing written", async () => {
    let fail!: (error: Error) => void;
    let signal: AbortSignal | undefined;
    next = (s) => {
      signal = s;
      return new Promise((_resolve, reject) => (fail = reject));
    };
    const req = request(base + tokens.sign(grant));
    req.on("error", () => {});
    req.end();
    await until(() => signal !== undefined, "the upstream read to start");
    req.destroy();
    await until(() => signal!.aborted, "the upstream read to be aborted");
    // The route must not answer a destroyed response (writeHead after destroy would throw).
    fail(upstreamUnavailableError("e", "cancelled"));
    await sleep(50);
    next = () => Promise.resolve(stream(Readable.from([Buffer.from("ok")])));
    expect((await get(tokens.sign(grant))).status).toBe(200);
  });

  it("an upstream body silent for the idle time is cut: the client sees an incomplete body", async () => {
    const body = new Readable({ read() {} });
    body.push(Buffer.from("first"));
    next = () => Promise.resolve(stream(body, { contentLength: "100" }));
    const res = await get(tokens.sign(grant));
    expect(res.complete).toBe(false);
    expect(res.body.toString()).toBe("first");
    expect(body.destroyed).toBe(true);
  });

  it("an upstream body that never sends a byte is cut after the idle time too (the head never leaves)", async () => {
    const body = new Readable({ read() {} });
    next = () => Promise.resolve(stream(body, { contentLength: "100" }));
    await expect(get(tokens.sign(grant))).rejects.toThrow("socket hang up");
    expect(body.destroyed).toBe(true);
  });

  it("each chunk restarts the idle clock: a body slower in total than the idle time arrives whole", async () => {
    const parts = Array.from({ length: 5 }, (_, i) => Buffer.from(`part${i};`));
    const body = new Readable({ read() {} });
    next = () => Promise.resolve(stream(body));
    const pending = get(tokens.sign(grant));
    for (const part of parts) {
      body.push(part);
      await sleep(IDLE_MS / 2);
    }
    body.push(null);
    const res = await pending;
    expect(res.complete).toBe(true);
    expect(res.body.toString()).toBe(parts.join(""));
  });

  it("while the client is slow (backpressure) no idle clock runs: a reader slower than the idle time gets every byte", async () => {
    const bytes = randomBytes(8 * 1024 * 1024);
    next = () => Promise.resolve(stream(Readable.from(chunks(bytes, 64 * 1024)), { contentLength: String(bytes.length) }));
    const res = await get(tokens.sign(grant), "GET", IDLE_MS * 4);
    expect(res.complete).toBe(true);
    expect(res.body.equals(bytes)).toBe(true);
  });

  it("once a slow client caught up, the idle clock runs again: a silent upstream is cut", async () => {
    const body = new Readable({ read() {} });
    // More than the socket takes at once: the write reports backpressure, then the client drains it.
    body.push(randomBytes(8 * 1024 * 1024));
    next = () => Promise.resolve(stream(body, { contentLength: String(16 * 1024 * 1024) }));
    const res = await get(tokens.sign(grant), "GET", IDLE_MS * 2);
    expect(res.complete).toBe(false);
    expect(res.body.length).toBe(8 * 1024 * 1024);
    expect(body.destroyed).toBe(true);
  });

  it("while the client is slow, the upstream body is paused, not buffered", async () => {
    const bytes = randomBytes(8 * 1024 * 1024);
    const body = Readable.from(chunks(bytes, 64 * 1024));
    next = () => Promise.resolve(stream(body));
    const pending = get(tokens.sign(grant), "GET", 1_000);
    await sleep(600);
    // A paused upstream has most of its bytes still unread.
    expect(body.readableEnded).toBe(false);
    expect(body.isPaused()).toBe(true);
    const res = await pending;
    expect(res.body.length).toBe(bytes.length);
  });

  it("a client that leaves mid-body ends the upstream body at once", async () => {
    // The upstream keeps sending, so no idle clock would ever end it.
    const body = new Readable({ read() {} });
    const feeding = setInterval(() => body.push(Buffer.alloc(1000, 1)), 50);
    try {
      body.push(Buffer.alloc(1000, 1));
      next = () => Promise.resolve(stream(body));
      await new Promise<void>((resolve) => {
        const req = request(base + tokens.sign(grant), (res) => {
          res.once("data", () => {
            req.destroy();
            resolve();
          });
        });
        req.on("error", () => {});
        req.end();
      });
      await until(() => body.destroyed, "the upstream body to be destroyed");
    } finally {
      clearInterval(feeding);
    }
  });

  it("HEAD drops the upstream body unread: an upstream still sending does not hold the answer", async () => {
    const body = new Readable({ read() {} });
    body.push(Buffer.alloc(1000, 1));
    next = () => Promise.resolve(stream(body, { contentLength: "5000" }));
    const res = await get(tokens.sign(grant), "HEAD");
    expect(res.status).toBe(200);
    expect(res.headers["content-length"]).toBe("5000");
    expect(body.destroyed).toBe(true);
    expect(body.readableLength).toBe(1000);
  });
});

function chunks(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}
