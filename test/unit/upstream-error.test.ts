import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleAll } from "cockatiel";
import got, { HTTPError } from "got";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUpstreamFailure, probing } from "../../src/upstream/circuit.js";
import { ErrorCode, messageFor } from "../../src/errors/error-codes.js";
import { UpstreamError, upstreamBadResponseError, upstreamStatusError, upstreamUnavailableError } from "../../src/upstream/upstream-error.js";
import { toUpstreamError } from "../../src/upstream/upstream-read.js";
import { sleep } from "../support/wait.js";

const ENDPOINT = "GET /sessions/:id";

describe("UpstreamError", () => {
  it("carries the code's message, the endpoint template, the status and the cause, nothing more", () => {
    const error = new UpstreamError(ErrorCode.NOT_FOUND, ENDPOINT, 404);
    expect(error.message).toBe(`${messageFor(ErrorCode.NOT_FOUND)} (GET /sessions/:id -> 404)`);
    expect(error.name).toBe("UpstreamError");
    expect(error).toBeInstanceOf(Error);
    expect(new UpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, ENDPOINT, undefined, "timeout").message).toBe(
      `${messageFor(ErrorCode.UPSTREAM_UNAVAILABLE)} (GET /sessions/:id, timeout)`,
    );
    expect(new UpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, ENDPOINT, 503, "network").message).toBe(
      `${messageFor(ErrorCode.UPSTREAM_UNAVAILABLE)} (GET /sessions/:id -> 503, network)`,
    );
  });

  it("timedOut and cancelled say which cause it was", () => {
    const causes = ["network", "timeout", "circuit-open", "cancelled"] as const;
    expect(causes.map((c) => upstreamUnavailableError(ENDPOINT, c).timedOut)).toEqual([false, true, false, false]);
    expect(causes.map((c) => upstreamUnavailableError(ENDPOINT, c).cancelled)).toEqual([false, false, false, true]);
    expect(new UpstreamError(ErrorCode.NOT_FOUND, ENDPOINT, 404)).toMatchObject({ timedOut: false, cancelled: false, reason: undefined });
  });

  it("a status is its code, a success status a bad response; an unavailable read has no status", () => {
    expect(upstreamStatusError(ENDPOINT, 404)).toMatchObject({ code: ErrorCode.NOT_FOUND, status: 404, endpoint: ENDPOINT });
    expect(upstreamStatusError(ENDPOINT, 502)).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, status: 502 });
    expect(upstreamStatusError(ENDPOINT, 200)).toMatchObject({ code: ErrorCode.UPSTREAM_BAD_RESPONSE, status: 200 });
    expect(upstreamUnavailableError(ENDPOINT, "network")).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, status: undefined, reason: "network" });
    expect(upstreamBadResponseError(ENDPOINT)).toMatchObject({ code: ErrorCode.UPSTREAM_BAD_RESPONSE, status: undefined, reason: undefined });
    expect(upstreamBadResponseError(ENDPOINT, 200)).toMatchObject({ code: ErrorCode.UPSTREAM_BAD_RESPONSE, status: 200 });
  });
});

describe("toUpstreamError", () => {
  let server: Server;
  let httpError: HTTPError;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(429).end("slow down"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      await got(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x?nonce=secret`, { retry: { limit: 0 } });
    } catch (error) {
      httpError = error as HTTPError;
    }
  });
  afterAll(() => server?.close());

  const aborted = () => AbortSignal.abort();
  const timeout = Object.assign(new Error("t"), { name: "TimeoutError" });

  it("keeps an UpstreamError as it is, even when the caller left", () => {
    const error = upstreamBadResponseError(ENDPOINT, 200);
    expect(toUpstreamError(error, "other", aborted())).toBe(error);
  });

  it("an HTTP error answer is its status's code, without the URL", () => {
    expect(httpError).toBeInstanceOf(HTTPError);
    const error = toUpstreamError(httpError, ENDPOINT, aborted());
    expect(error).toMatchObject({ code: ErrorCode.UPSTREAM_RATE_LIMITED, status: 429, endpoint: ENDPOINT, reason: undefined });
    expect(error.message).not.toContain("secret");
  });

  it("anything else is cancelled when the caller left, else circuit-open, timeout or network", () => {
    expect(toUpstreamError(new BrokenCircuitError(), ENDPOINT, aborted()).reason).toBe("cancelled");
    expect(toUpstreamError(timeout, ENDPOINT, aborted()).reason).toBe("cancelled");
    expect(toUpstreamError(new BrokenCircuitError(), ENDPOINT, new AbortController().signal).reason).toBe("circuit-open");
    expect(toUpstreamError(new BrokenCircuitError(), ENDPOINT).reason).toBe("circuit-open");
    expect(toUpstreamError(timeout, ENDPOINT).reason).toBe("timeout");
    expect(toUpstreamError(new Error("ECONNRESET"), ENDPOINT).reason).toBe("network");
    expect(toUpstreamError(null, ENDPOINT).reason).toBe("network");
    expect(toUpstreamError("TimeoutError", ENDPOINT).reason).toBe("network");
    for (const reason of ["cancelled", "circuit-open", "timeout", "network"]) {
      expect(toUpstreamError(new Error(), ENDPOINT, reason === "cancelled" ? aborted() : undefined)).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, endpoint: ENDPOINT });
    }
  });
});

describe("the circuit's view of errors", () => {
  it("only Yoti failing counts: unavailable or rate limited, and not when the caller left", () => {
    expect(isUpstreamFailure(upstreamUnavailableError(ENDPOINT, "network"))).toBe(true);
    expect(isUpstreamFailure(upstreamUnavailableError(ENDPOINT, "timeout"))).toBe(true);
    expect(isUpstreamFailure(upstreamStatusError(ENDPOINT, 429))).toBe(true);
    expect(isUpstreamFailure(upstreamStatusError(ENDPOINT, 503))).toBe(true);
    expect(isUpstreamFailure(upstreamUnavailableError(ENDPOINT, "cancelled"))).toBe(false);
    expect(isUpstreamFailure(upstreamStatusError(ENDPOINT, 404))).toBe(false);
    expect(isUpstreamFailure(upstreamStatusError(ENDPOINT, 401))).toBe(false);
    expect(isUpstreamFailure(upstreamBadResponseError(ENDPOINT, 200))).toBe(false);
    expect(isUpstreamFailure(new Error("boom"))).toBe(false);
  });

  it("probing is the half-open state only", async () => {
    const policy = circuitBreaker(handleAll, { halfOpenAfter: 10, breaker: new ConsecutiveBreaker(1) });
    expect(probing(policy)).toBe(false);
    await policy.execute(() => Promise.reject(new Error("x"))).catch(() => undefined);
    expect(policy.state).toBe(CircuitState.Open);
    expect(probing(policy)).toBe(false);
    await sleep(30);
    let finish!: () => void;
    const probe = policy.execute(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(probing(policy)).toBe(true);
    finish();
    await probe;
    expect(policy.state).toBe(CircuitState.Closed);
    expect(probing(policy)).toBe(false);
  });
});
