import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type ServerResponse, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { type UpstreamConfig, type UpstreamTuning } from "../../src/config/upstream-config.js";
import { createReadGot, createStreamGot, retryDelay } from "../../src/upstream/http-client.js";

// The two got instances against a plain local server whose answers each test sets: the headers
// they send, the connections they keep, and what they do on a slow head or a failing status.
type Handler = (res: ServerResponse) => void;
let handle: Handler;
const seen: IncomingHttpHeaders[] = [];
let connections = 0;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    handle(res);
  });
  server.on("connection", () => void (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
afterEach(() => {
  seen.length = 0;
  connections = 0;
  server.closeAllConnections();
});

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
/** The documented defaults, with two connections unless a test says otherwise. */
const config = (tuning: Partial<UpstreamTuning> = {}): UpstreamConfig => ({ ...loadConfig({}).upstream.tuning, maxConcurrency: 2, ...tuning, baseUrl, sdkId: "sdk", privateKey });
const ok: Handler = (res) => res.end("{}");
/** What a read carries in got's context (readOptions): its deadline and endpoint. */
const context = () => ({ deadlineAt: Date.now() + 10_000, endpoint: "GET /test" });

describe("retryDelay: the wait before the next attempt", () => {
  it("doubles from 250 ms to at most 5 s, plus up to 50 ms of jitter", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelay(n, undefined, 60_000, 0))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    expect(retryDelay(1, undefined, 60_000, 1)).toBe(300);
    expect(retryDelay(6, undefined, 60_000, 0.5)).toBe(5025);
    const random = retryDelay(1, undefined, 60_000);
    expect(random).toBeGreaterThanOrEqual(250);
    expect(random).toBeLessThan(300);
  });

  it("takes Retry-After as it is, without jitter, and never waits 0 ms (got's 'do not retry')", () => {
    expect(retryDelay(1, 2_000, 60_000, 1)).toBe(2_000);
    expect(retryDelay(1, 0, 60_000, 1)).toBe(1);
  });

  it("gives up (0) when the wait would not end before the read's deadline", () => {
    expect(retryDelay(1, undefined, 251, 0)).toBe(250);
    expect(retryDelay(1, undefined, 250, 0)).toBe(0);
    expect(retryDelay(1, 3_000, 3_000, 0)).toBe(0);
    expect(retryDelay(1, undefined, -5, 0)).toBe(0);
  });
});

describe("the session read instance", () => {
  it("sends the gateway's JSON headers", async () => {
    handle = ok;
    await createReadGot(config(), {}).get("x", { context: context() });
    expect(seen[0]).toMatchObject({ accept: "application/json", "x-yoti-sdk": "idv-graph", "user-agent": "idv-graph" });
  });

  it("retries a 503 even for an observer without onRetry, and tells one that has it the endpoint", async () => {
    let calls = 0;
    handle = (res) => {
      calls += 1;
      res.statusCode = calls % 2 === 1 ? 503 : 200;
      res.end("{}");
    };
    await expect(createReadGot(config(), {}).get("x", { context: context() }).text()).resolves.toBe("{}");
    const retried: string[] = [];
    await createReadGot(config(), { onRetry: (endpoint) => void retried.push(endpoint) }).get("x", { context: context() });
    expect(calls).toBe(4);
    expect(retried).toEqual(["GET /test"]);
  });

  it("keeps its connections alive, and opens at most YOTI_MAX_CONCURRENCY of them", async () => {
    handle = (res) => setTimeout(() => res.end("{}"), 50);
    const read = createReadGot(config({ maxConcurrency: 2 }), {});
    await Promise.all(Array.from({ length: 6 }, () => read.get("x", { context: context() })));
    for (let i = 0; i < 3; i++) await read.get("x", { context: context() });
    expect(seen).toHaveLength(9);
    expect(connections).toBe(2);
  });
});

describe("the media stream instance", () => {
  /** Opens a stream and waits for its head (or its error). */
  const open = (streams = createStreamGot(config())) =>
    new Promise<number>((resolve, reject) => {
      const stream = streams.stream("x", { context: context() });
      stream.once("response", (res: { statusCode: number }) => {
        stream.resume();
        stream.once("end", () => resolve(res.statusCode));
      });
      stream.once("error", reject);
    });

  it("asks for any content type, as the gateway", async () => {
    handle = ok;
    await open();
    expect(seen[0]).toMatchObject({ accept: "*/*", "x-yoti-sdk": "idv-graph", "user-agent": "idv-graph" });
  });

  it("makes one attempt only: bytes are never re-sent half way", async () => {
    handle = (res) => {
      res.statusCode = 503;
      res.end("{}");
    };
    await expect(open()).rejects.toMatchObject({ name: "HTTPError" });
    expect(seen).toHaveLength(1);
  });

  it("fails a head slower than YOTI_TIMEOUT_MS, though the read's deadline is further", async () => {
    handle = (res) => setTimeout(() => res.end("{}"), 1_500);
    await expect(open(createStreamGot(config({ timeoutMs: 100, deadlineMs: 10_000 })))).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("keeps its own connections alive, at most YOTI_MAX_CONCURRENCY of them", async () => {
    handle = (res) => setTimeout(() => res.end("{}"), 50);
    const streams = createStreamGot(config({ maxConcurrency: 2 }));
    await Promise.all(Array.from({ length: 6 }, () => open(streams)));
    for (let i = 0; i < 3; i++) await open(streams);
    expect(seen).toHaveLength(9);
    expect(connections).toBe(2);
  });
});
