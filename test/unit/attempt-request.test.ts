import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AttemptGate } from "../../src/upstream/attempt-gate.js";
import { attemptRequest, definedOptions, EARLY_SIGNATURE_MAX_AGE_MS } from "../../src/upstream/attempt-request.js";
import type { AttemptStart, UpstreamAttempt, UpstreamObserver } from "../../src/upstream/upstream-observer.js";
import type { ClientRequest } from "node:http";
import type { RequestSigner } from "../../src/upstream/sign-request.js";

// got calls this function once per attempt; here it is called as got would, without got.

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function recorder() {
  const starts: AttemptStart[] = [];
  const ends: UpstreamAttempt[] = [];
  const attempts: UpstreamAttempt[] = [];
  const observer: UpstreamObserver = {
    startAttempt: (s) => (starts.push(s), (a) => void ends.push(a)),
    onAttempt: (a) => void attempts.push(a),
  };
  return { observer, starts, ends, attempts };
}

const options = (sign: RequestSigner, signal: AbortSignal, observer: UpstreamObserver, gate = new AttemptGate(4, 4)) => ({
  gate,
  sessionId: "s",
  signal,
  sign,
  endpoint: "GET /sessions/:id",
  observer,
});

describe("one attempt: slot, signature, request", () => {
  it("a signer that fails frees the slot, ends the attempt as network with no duration, and rethrows", async () => {
    const gate = new AttemptGate(1, 1);
    const { observer, ends } = recorder();
    const run = attemptRequest(options(() => Promise.reject(new Error("bad key")), new AbortController().signal, observer, gate));
    await expect(run(new URL(`${base}/x`), { method: "GET", headers: {} } as never)).rejects.toThrow("bad key");
    expect(gate.inFlight).toBe(0);
    expect(ends).toEqual([{ endpoint: "GET /sessions/:id", status: "network", attempt: 1, durationMs: 0 }]);
  });

  it.each([
    ["the caller leaving", new DOMException("gone", "AbortError"), "aborted"],
    ["the deadline", new DOMException("deadline", "TimeoutError"), "timeout"],
  ])("an attempt cut by %s while it was being signed is never sent, and is labelled %s", async (_what, reason, status) => {
    const controller = new AbortController();
    const { observer, ends } = recorder();
    const sign: RequestSigner = async () => controller.abort(reason);
    const run = attemptRequest(options(sign, controller.signal, observer));
    await expect(run(new URL(`${base}/x`), { method: "GET", headers: {} } as never)).rejects.toBe(reason);
    expect(ends).toEqual([{ endpoint: "GET /sessions/:id", status, attempt: 1, durationMs: 0 }]);
  });

  it("signs GET when got leaves the method out, and tells the tracer the default port of the scheme", async () => {
    const methods: string[] = [];
    const { observer, starts } = recorder();
    const stop = new Error("stop before sending");
    const failing = attemptRequest(options(async (method) => (methods.push(method), Promise.reject(stop)), new AbortController().signal, observer));
    await expect(failing(new URL("https://api.example.com/x"), { headers: {} } as never)).rejects.toBe(stop);
    await expect(failing(new URL("http://api.example.com/x"), { headers: {} } as never)).rejects.toBe(stop);
    expect(methods).toEqual(["GET", "GET"]);
    expect(starts.map((s) => s.port)).toEqual([443, 80]);
  });

  it("a sent attempt reports its status once its response is consumed, and the next attempt's retry reason is it", async () => {
    const { observer, starts, attempts } = recorder();
    const run = attemptRequest(options(async () => {}, new AbortController().signal, observer));
    for (let i = 0; i < 2; i++) {
      const request = await run(new URL(`${base}/x`), { method: "GET", headers: {} } as never);
      await new Promise<void>((resolve) => {
        (request as ClientRequest).once("response", (res) => {
          res.resume();
          res.once("end", resolve);
        });
        (request as ClientRequest).end();
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(attempts.map((a) => [a.status, a.attempt])).toEqual([
      ["200", 1],
      ["200", 2],
    ]);
    expect(starts.map((s) => s.retryReason)).toEqual([undefined, "200"]);
  });

  it.each([
    ["a timeout", Object.assign(new Error("t"), { name: "TimeoutError" }), "timeout"],
    ["ETIMEDOUT", Object.assign(new Error("t"), { code: "ETIMEDOUT" }), "timeout"],
    ["a reset", Object.assign(new Error("r"), { code: "ECONNRESET" }), "network"],
  ])("an attempt that fails with %s is labelled %s, with its duration, even for an observer without onAttempt", async (_what, error, status) => {
    const ends: UpstreamAttempt[] = [];
    const observer: UpstreamObserver = { startAttempt: () => (a) => void ends.push(a) };
    const run = attemptRequest(options(async () => {}, new AbortController().signal, observer));
    const started = performance.now();
    const request = (await run(new URL(`${base}/x`), { method: "GET", headers: {} } as never)) as ClientRequest;
    request.on("error", () => {});
    await new Promise((resolve) => {
      request.once("close", resolve);
      request.destroy(error);
    });
    const elapsed = performance.now() - started;
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ status, attempt: 1 });
    // Measured from the request to its close (not the 0 of an attempt that never left), within the time seen outside.
    expect(ends[0]!.durationMs).toBeGreaterThan(0);
    expect(ends[0]!.durationMs).toBeLessThanOrEqual(elapsed);
  });

  it("a signer that fails is rethrown as it is when no observer traces attempts", async () => {
    const run = attemptRequest(options(() => Promise.reject(new Error("bad key")), new AbortController().signal, {}));
    await expect(run(new URL(`${base}/x`), { method: "GET", headers: {} } as never)).rejects.toThrow("bad key");
  });

  it("an https: URL goes out over TLS", async () => {
    // A bare TCP server: the first byte a TLS client sends is 0x16, the handshake record type.
    const firstByte = new Promise<number>((resolve) => {
      const tcp = createTcpServer((socket) =>
        socket.once("data", (chunk) => {
          resolve(chunk[0]!);
          socket.destroy();
          tcp.close();
        }),
      );
      tcp.listen(0, "127.0.0.1", () => {
        const port = (tcp.address() as AddressInfo).port;
        const run = attemptRequest(options(async () => {}, new AbortController().signal, {}));
        void Promise.resolve(run(new URL(`https://127.0.0.1:${port}/x`), { method: "GET", headers: {} } as never)).then((request) => {
          (request as ClientRequest).on("error", () => {}).end();
        });
      });
    });
    expect(await firstByte).toBe(0x16);
  });

  it("an attempt whose read was aborted with a null reason is labelled aborted", async () => {
    const controller = new AbortController();
    const attempts: UpstreamAttempt[] = [];
    const run = attemptRequest(options(async () => {}, controller.signal, { onAttempt: (a) => void attempts.push(a) }));
    const request = (await run(new URL(`${base}/x`), { method: "GET", headers: {} } as never)) as ClientRequest;
    request.on("error", () => {});
    controller.abort(null);
    await new Promise((resolve) => {
      request.once("close", resolve);
      request.destroy();
    });
    expect(attempts.map((a) => a.status)).toEqual(["aborted"]);
  });
});

describe("definedOptions", () => {
  it("keeps every defined option (false, 0, functions, the headers object itself) and drops undefined ones", () => {
    const headers = { accept: "application/json" };
    const lookup = () => undefined;
    const copied = definedOptions({ method: "GET", headers, setHost: true, rejectUnauthorized: false, family: 0, lookup, ca: undefined, timeout: undefined });
    expect(copied).toStrictEqual({ method: "GET", headers, setHost: true, rejectUnauthorized: false, family: 0, lookup });
    expect(copied.headers).toBe(headers);
  });
});

describe("an attempt that queues for its slot", () => {
  /** Sends one attempt through `run` and reads its response to the end (which frees its slot). */
  const complete = async (request: ClientRequest) =>
    new Promise<void>((resolve) => {
      request.once("response", (res) => {
        res.resume();
        res.once("end", resolve);
      });
      request.end();
    });

  it("is signed while it waits, once, and leaves with that signature when a slot frees", async () => {
    const gate = new AttemptGate(1, 1);
    const signed: string[] = [];
    const sign: RequestSigner = async (_method, url) => void signed.push(url.pathname);
    const run = attemptRequest(options(sign, new AbortController().signal, {}, gate));
    const first = (await run(new URL(`${base}/first`), { method: "GET", headers: {} } as never)) as ClientRequest;
    const second = run(new URL(`${base}/second`), { method: "GET", headers: {} } as never);
    await new Promise((resolve) => setImmediate(resolve));
    // Still queued behind the first, already signed.
    expect(gate.inFlight).toBe(1);
    expect(signed).toEqual(["/first", "/second"]);
    await complete(first);
    await complete((await second) as ClientRequest);
    expect(signed).toEqual(["/first", "/second"]);
  });

  it("is signed again when its signature grew older than EARLY_SIGNATURE_MAX_AGE_MS while it waited", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const gate = new AttemptGate(1, 1);
      const stamps: number[] = [];
      const sign: RequestSigner = async () => void stamps.push(Date.now());
      const run = attemptRequest(options(sign, new AbortController().signal, {}, gate));
      const first = (await run(new URL(`${base}/first`), { method: "GET", headers: {} } as never)) as ClientRequest;
      const second = run(new URL(`${base}/second`), { method: "GET", headers: {} } as never);
      await new Promise((resolve) => setImmediate(resolve));
      vi.setSystemTime(Date.now() + EARLY_SIGNATURE_MAX_AGE_MS + 1);
      await complete(first);
      await complete((await second) as ClientRequest);
      expect(stamps).toHaveLength(3);
      expect(stamps[2]! - stamps[1]!).toBeGreaterThan(EARLY_SIGNATURE_MAX_AGE_MS);
    } finally {
      vi.useRealTimers();
    }
  });

  it("is signed inline when it holds the only slot taken, on the pool when another attempt is in flight", async () => {
    const gate = new AttemptGate(4, 4);
    const inline: (boolean | undefined)[] = [];
    const sign: RequestSigner = async (_method, _url, _headers, alone) => void inline.push(alone);
    const run = attemptRequest(options(sign, new AbortController().signal, {}, gate));
    const first = (await run(new URL(`${base}/first`), { method: "GET", headers: {} } as never)) as ClientRequest;
    const second = (await run(new URL(`${base}/second`), { method: "GET", headers: {} } as never)) as ClientRequest;
    await complete(first);
    await complete(second);
    expect(inline).toEqual([true, false]);
  });

  it("keeps its early signature when it is exactly EARLY_SIGNATURE_MAX_AGE_MS old", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const gate = new AttemptGate(1, 1);
      let signatures = 0;
      const sign: RequestSigner = async () => void signatures++;
      const run = attemptRequest(options(sign, new AbortController().signal, {}, gate));
      const first = (await run(new URL(`${base}/first`), { method: "GET", headers: {} } as never)) as ClientRequest;
      const second = run(new URL(`${base}/second`), { method: "GET", headers: {} } as never);
      await new Promise((resolve) => setImmediate(resolve));
      vi.setSystemTime(Date.now() + EARLY_SIGNATURE_MAX_AGE_MS);
      await complete(first);
      await complete((await second) as ClientRequest);
      expect(signatures).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("whose early signature failed frees its slot and rethrows the signer's error", async () => {
    const gate = new AttemptGate(1, 1);
    let calls = 0;
    const sign: RequestSigner = async () => {
      if (++calls === 2) throw new Error("bad key");
    };
    const { observer, ends } = recorder();
    const run = attemptRequest(options(sign, new AbortController().signal, observer, gate));
    const first = (await run(new URL(`${base}/first`), { method: "GET", headers: {} } as never)) as ClientRequest;
    const second = run(new URL(`${base}/second`), { method: "GET", headers: {} } as never);
    await complete(first);
    await expect(second).rejects.toThrow("bad key");
    expect(gate.inFlight).toBe(0);
    expect(ends.at(-1)).toEqual({ endpoint: "GET /sessions/:id", status: "network", attempt: 2, durationMs: 0 });
  });
});
