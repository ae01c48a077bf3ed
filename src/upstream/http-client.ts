import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import got, { HTTPError, TimeoutError, type Got } from "got";
import type { UpstreamConfig } from "../config/config.js";
import { endpointOf, type UpstreamObserver } from "./observer.js";
import { authQuery, signMessageAsync, signedMessage } from "./sign-request.js";
import { upstreamStatusError, upstreamUnavailableError } from "./upstream-error.js";

/** Statuses worth another attempt for an idempotent GET. */
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504, 521, 522, 524];
const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 5_000;

/**
 * A got instance bound to the Yoti base URL that signs every attempt (retries included) in a
 * `beforeRequest` hook, so each attempt carries a fresh nonce and timestamp.
 */
export function createSignedGot(config: UpstreamConfig, observer: UpstreamObserver = {}): Got {
  const basePath = new URL(config.baseUrl).pathname.replace(/\/+$/, "");
  const endpoint = (method: string, url: URL | string | undefined) =>
    endpointOf(method, url instanceof URL ? url.pathname.slice(basePath.length) : "");
  const agentOptions = { keepAlive: true, maxSockets: config.maxConcurrency, maxFreeSockets: config.maxConcurrency };
  return got.extend({
    prefixUrl: `${config.baseUrl}/`,
    agent: { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) },
    timeout: { request: config.timeoutMs },
    headers: {
      accept: "application/json",
      "x-yoti-sdk": "idv-graph",
      "user-agent": "idv-graph",
    },
    retry: {
      limit: config.retries,
      methods: ["GET"],
      statusCodes: RETRY_STATUSES,
      // got honours Retry-After (up to maxRetryAfter) and otherwise backs off; we shorten its 1 s base.
      maxRetryAfter: config.timeoutMs,
      calculateDelay: ({ computedValue, attemptCount, retryAfter }) => {
        if (computedValue === 0) return 0;
        if (retryAfter !== undefined) return retryAfter;
        return Math.min(RETRY_BASE_MS * 2 ** (attemptCount - 1), RETRY_MAX_MS) + Math.random() * 50;
      },
    },
    hooks: {
      beforeRequest: [
        async (options) => {
          const url = options.url as URL;
          const query = authQuery(config.sdkId);
          url.search = query;
          const relative = url.pathname.slice(basePath.length);
          options.headers["x-yoti-auth-digest"] = await signMessageAsync(config.privateKey, signedMessage(options.method, relative, query));
        },
      ],
      afterResponse: [
        (response) => {
          observer.onAttempt?.({
            endpoint: endpoint(response.request.options.method, response.request.options.url),
            status: String(response.statusCode),
            durationMs: response.timings.phases.total ?? 0,
          });
          return response;
        },
      ],
      beforeRetry: [
        (error) => {
          observer.onRetry?.(endpoint(error.options.method, error.options.url));
        },
      ],
      beforeError: [
        (error) => {
          // Attempts that got an HTTP answer were counted in afterResponse; these never got one.
          if (!error.response) {
            observer.onAttempt?.({
              endpoint: endpoint(error.options.method, error.options.url),
              status: error instanceof TimeoutError ? "timeout" : "network",
              durationMs: error.timings?.phases.total ?? 0,
            });
          }
          return error;
        },
      ],
    },
  });
}

/** Turns any got failure into an UpstreamError that carries no URL, header or body. */
export function toUpstreamError(error: unknown, endpoint: string): Error {
  if (error instanceof HTTPError) return upstreamStatusError(endpoint, error.response.statusCode);
  return upstreamUnavailableError(endpoint, error instanceof TimeoutError);
}
