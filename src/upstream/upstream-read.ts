import { BrokenCircuitError, type CircuitBreakerPolicy } from "cockatiel";
import { HTTPError, type Got, type OptionsInit } from "got";
import type { AttemptGate } from "./attempt-gate.js";
import { attemptRequest } from "./attempt-request.js";
import { probing } from "./circuit.js";
import type { ReadContext } from "./http-client.js";
import type { UpstreamObserver } from "./upstream-observer.js";
import type { RequestSigner } from "./sign-request.js";
import { UpstreamError, upstreamStatusError, upstreamUnavailableError } from "./upstream-error.js";

/** What every read shares: a got instance, the slots, the circuit, the signer. */
export interface Upstream {
  readonly got: Got;
  readonly gate: AttemptGate;
  readonly circuit: CircuitBreakerPolicy;
  readonly sign: RequestSigner;
  readonly deadlineMs: number;
  readonly observer: UpstreamObserver;
}

/** A read's per-call got options: cancellation, slots and signing per attempt, the deadline for retries. */
export type ReadOptions = Pick<OptionsInit, "signal" | "request" | "context">;

/** Caller-side options of a read. */
export interface CallOptions {
  /** Aborts the read (queued, in flight or between attempts) when the caller goes away. */
  readonly signal?: AbortSignal;
}

/** Turns any failure of a read into an UpstreamError that carries no URL, header or body. */
export function toUpstreamError(error: unknown, endpoint: string, caller?: AbortSignal): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof HTTPError) return upstreamStatusError(endpoint, error.response.statusCode);
  if (caller?.aborted) return upstreamUnavailableError(endpoint, "cancelled");
  if (error instanceof BrokenCircuitError) return upstreamUnavailableError(endpoint, "circuit-open");
  const name = (error as { name?: unknown } | null)?.name;
  return upstreamUnavailableError(endpoint, name === "TimeoutError" ? "timeout" : "network");
}

/** The got options for one read about `sessionId`, bounded by `signal` (caller and deadline together). */
export function readOptions(upstream: Upstream, endpoint: string, sessionId: string, signal: AbortSignal, deadlineAt: number): ReadOptions {
  const context: ReadContext & Record<string, unknown> = { deadlineAt, endpoint };
  return {
    signal,
    context,
    request: attemptRequest({ gate: upstream.gate, sessionId, signal, sign: upstream.sign, endpoint, observer: upstream.observer }),
  };
}

/**
 * One guarded read about session `sessionId`: refused at once while the circuit is open or probing;
 * otherwise `run` gets got options that abort when the caller leaves or the deadline (every
 * attempt, backoff and Retry-After together) passes. Failures come out as UpstreamErrors.
 */
export async function guardedRead<T>(
  upstream: Upstream,
  endpoint: string,
  sessionId: string,
  call: CallOptions,
  run: (options: ReadOptions) => Promise<T>,
): Promise<T> {
  const caller = call.signal;
  if (caller?.aborted) throw upstreamUnavailableError(endpoint, "cancelled");
  if (probing(upstream.circuit)) throw upstreamUnavailableError(endpoint, "circuit-open");
  // One controller for the caller's abort and the deadline (AbortSignal.any and .timeout cost more per read).
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(caller!.reason);
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, the finally below removes the listener on every path; once only frees it sooner
  caller?.addEventListener("abort", onCallerAbort, { once: true });
  // Stryker disable next-line StringLiteral: equivalent, only the name (TimeoutError) is read
  const timer = setTimeout(() => controller.abort(new DOMException("deadline", "TimeoutError")), upstream.deadlineMs);
  const deadlineAt = Date.now() + upstream.deadlineMs;
  try {
    return await upstream.circuit.execute(async () => {
      try {
        return await run(readOptions(upstream, endpoint, sessionId, controller.signal, deadlineAt));
      } catch (error) {
        throw toUpstreamError(error, endpoint, caller);
      }
    });
  } catch (error) {
    throw toUpstreamError(error, endpoint, caller);
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onCallerAbort);
  }
}
