import { request as httpRequest, type ClientRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { RequestFunction } from "got";
import type { AttemptGate } from "./attempt-gate.js";
import type { UpstreamObserver } from "./observer.js";
import type { RequestSigner } from "./sign-request.js";

/** What one read's attempts share. */
export interface AttemptOptions {
  readonly gate: AttemptGate;
  /** The gate key: the session the read is about. */
  readonly key: string;
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
  const { gate, key, signal, sign, endpoint, observer } = options;
  let attempts = 0;
  return async (url, nativeOptions) => {
    const release = await gate.acquire(key, signal);
    let request: ClientRequest;
    try {
      await sign(nativeOptions.method ?? "GET", url, nativeOptions.headers as Record<string, unknown>);
      signal.throwIfAborted();
      request = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, nativeOptions);
    } catch (error) {
      release();
      throw error;
    }
    const attempt = ++attempts;
    const started = performance.now();
    let status: string | undefined;
    // An attempt without an answer: the read's signal first (an abort destroys the request with an
    // error of its own), then the error's kind.
    const noAnswer = (error?: Error & { code?: string }): string => {
      if (signal.aborted) return (signal.reason as Error | undefined)?.name === "TimeoutError" ? "timeout" : "aborted";
      return error?.name === "TimeoutError" || error?.code === "ETIMEDOUT" ? "timeout" : "network";
    };
    request.once("response", (response) => {
      status = String(response.statusCode);
    });
    request.once("error", (error: Error & { code?: string }) => {
      status ??= noAnswer(error);
    });
    // "close" comes once the response is consumed, or after the error: the one place to free the slots.
    request.once("close", () => {
      release();
      observer.onAttempt?.({ endpoint, status: status ?? noAnswer(), attempt, durationMs: performance.now() - started });
    });
    return request;
  };
}
