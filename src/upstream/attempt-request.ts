import { request as httpRequest, type ClientRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { RequestFunction } from "got";
import type { AttemptGate } from "./attempt-gate.js";
import type { UpstreamAttempt, UpstreamObserver } from "./upstream-observer.js";
import type { RequestSigner } from "./sign-request.js";

/**
 * The defined entries of got's native options: got hands over about 40 keys, most of them
 * undefined, and node:http's ClientRequest and Agent copy the whole object several times per
 * request; an undefined option means the same to them as an absent one.
 */
export function definedOptions<T extends object>(options: T): T {
  const defined: Record<string, unknown> = {};
  for (const key in options) {
    const value = options[key];
    if (value !== undefined) defined[key] = value;
  }
  return defined as T;
}

/** A queued attempt's signature is taken again once older than this (Yoti allows minutes of skew; seconds are plenty). */
export const EARLY_SIGNATURE_MAX_AGE_MS = 1_000;

/** A signature started before the attempt has its slot. */
interface EarlySignature {
  /** Resolves true when it succeeded and is still fresh; rejects as the signer did. */
  fresh(): Promise<boolean>;
}

function signEarly(sign: RequestSigner, method: string, url: URL, headers: Record<string, unknown>): EarlySignature {
  const startedAt = Date.now();
  const signing = sign(method, url, headers);
  // Awaited only once the slot is granted: a caller that leaves the queue first never reads it.
  signing.catch(() => {});
  return { fresh: () => signing.then(() => Date.now() - startedAt <= EARLY_SIGNATURE_MAX_AGE_MS) };
}

/** What one read's attempts share. */
export interface AttemptOptions {
  readonly gate: AttemptGate;
  /** The session the read is about: its attempts share its slots. */
  readonly sessionId: string;
  readonly signal: AbortSignal;
  readonly sign: RequestSigner;
  readonly endpoint: string;
  readonly observer: UpstreamObserver;
}

/**
 * got's `request` option for one read. got calls it once per attempt (retries included): the
 * attempt waits for its slots, is signed afresh (so the timestamp is taken when it really leaves),
 * sent, and gives its slots back when its response is consumed or it fails. Backoff between
 * attempts happens in got, outside any slot.
 */
export function attemptRequest(options: AttemptOptions): RequestFunction {
  const { gate, sessionId, signal, sign, endpoint, observer } = options;
  let attempts = 0;
  /** What the latest attempt got: the retry reason of the next one. */
  let previous: string | undefined;
  const unanswered = () => (signal.aborted ? ((signal.reason as Error | undefined)?.name === "TimeoutError" ? "timeout" : "aborted") : "network");
  return async (url, nativeOptions) => {
    const method = nativeOptions.method ?? "GET";
    const headers = nativeOptions.headers as Record<string, unknown>;
    // An attempt that must queue for its slot is signed while it waits (the signature runs on the
    // thread pool), so it leaves as soon as a slot frees; one that waited long is signed again.
    const early = gate.wouldGrant(sessionId) ? undefined : signEarly(sign, method, url, headers);
    const release = await gate.acquire(sessionId, signal);
    const attempt = ++attempts;
    // Optional call: with no tracer the argument object is never built.
    const end = observer.startAttempt?.({
      endpoint,
      attempt,
      // Undefined for the first attempt: nothing came before it.
      retryReason: previous,
      host: url.hostname,
      port: Number(url.port) || (url.protocol === "https:" ? 443 : 80),
    });
    let request: ClientRequest;
    try {
      // Alone in flight (this attempt holds the only slot taken), nothing overlaps a signature on the pool.
      if (!early || !(await early.fresh())) await sign(method, url, headers, gate.inFlight === 1);
      signal.throwIfAborted();
      request = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, definedOptions(nativeOptions));
    } catch (error) {
      release();
      end?.({ endpoint, status: unanswered(), attempt, durationMs: 0 });
      throw error;
    }
    const started = performance.now();
    let status: string | undefined;
    // An attempt without an answer is labelled by the read's signal first: an abort destroys the
    // request with an error of its own, which would otherwise read as "network".
    const noAnswer = (error?: Error & { code?: string }): string => {
      if (signal.aborted) return unanswered();
      // Stryker disable next-line OptionalChaining: equivalent, Node emits "error" before "close" for every request closed without a response, so close never asks without one
      return error?.name === "TimeoutError" || error?.code === "ETIMEDOUT" ? "timeout" : "network";
    };
    request.once("response", (response) => {
      status = previous = String(response.statusCode);
    });
    request.once("error", (error: Error & { code?: string }) => {
      status ??= noAnswer(error);
      previous = status;
    });
    // "close" comes once the response is consumed, or after the error: the one place to free the slots.
    request.once("close", () => {
      release();
      const outcome: UpstreamAttempt = { endpoint, status: status ?? noAnswer(), attempt, durationMs: performance.now() - started };
      previous = outcome.status;
      observer.onAttempt?.(outcome);
      end?.(outcome);
    });
    return request;
  };
}
