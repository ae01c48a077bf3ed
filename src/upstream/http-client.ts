import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import got, { type Got } from "got";
import type { UpstreamConfig } from "../config/upstream-config.js";
import type { UpstreamObserver } from "./upstream-observer.js";
import { installLeanNativeOptions } from "./got-native-options.js";

/** Statuses worth another attempt for an idempotent GET. */
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504, 521, 522, 524];
const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 5_000;

/** Per-read state got carries into its retry decisions (`context` option). */
export interface ReadContext {
  /** Epoch ms by which the read as a whole must be over. */
  readonly deadlineAt: number;
}

/** Up to this much is added to each backoff, so callers that failed together do not retry together. */
const RETRY_JITTER_MS = 50;

/**
 * How long to wait before the next attempt, after attempt `attemptCount` failed: Retry-After when
 * Yoti sent one, else 250 ms doubling to at most 5 s, plus jitter (`jitter` from 0 to 1). 0 (got's
 * "do not retry") when the wait would not end within `msLeft`, the time left of the read's deadline.
 */
export function retryDelay(attemptCount: number, retryAfter: number | undefined, msLeft: number, jitter = Math.random()): number {
  const wait = retryAfter ?? Math.min(RETRY_BASE_MS * 2 ** (attemptCount - 1), RETRY_MAX_MS) + jitter * RETRY_JITTER_MS;
  // got reads 0 as "do not retry": a Retry-After of 0 still waits a millisecond.
  return wait >= msLeft ? 0 : Math.max(1, wait);
}

const HEADERS = { accept: "application/json", "x-yoti-sdk": "idv-graph", "user-agent": "idv-graph" };

function agents(maxSockets: number) {
  const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
  return { http: new HttpAgent(options), https: new HttpsAgent(options) };
}

/**
 * got for buffered reads (sessions, JSON media): a timeout per attempt, retries for GETs on network
 * errors, 408/429/5xx, honouring Retry-After, and a wait between attempts only when it leaves room
 * in the read's deadline; otherwise the read fails at once with the status that asked for the wait.
 * Signing, slots and the deadline's signal come per read (see upstream-read.ts).
 */
export function createReadGot(config: UpstreamConfig, observer: UpstreamObserver): Got {
  installLeanNativeOptions();
  return got.extend({
    prefixUrl: `${config.baseUrl}/`,
    agent: agents(config.maxConcurrency),
    timeout: { request: config.timeoutMs },
    headers: HEADERS,
    retry: {
      limit: config.retries,
      methods: ["GET"],
      statusCodes: RETRY_STATUSES,
      maxRetryAfter: config.deadlineMs,
      calculateDelay: ({ computedValue, attemptCount, retryAfter, error }) => {
        if (computedValue === 0) return 0;
        // Every read sets its deadline in the context (readOptions).
        const { deadlineAt } = error.options.context as unknown as ReadContext;
        return retryDelay(attemptCount, retryAfter, deadlineAt - Date.now());
      },
    },
    hooks: {
      // Stryker disable next-line StringLiteral: equivalent, every read puts its endpoint in the context (readOptions)
      beforeRetry: [(error) => observer.onRetry?.(String((error.options.context as { endpoint?: string }).endpoint ?? "GET other"))],
    },
  });
}

/**
 * got for streamed media: its own sockets (a slow download never holds a socket a session fetch
 * needs), one attempt (bytes are never re-sent half way), and no whole-body timeout: the time to
 * the response head is bounded here, the body's idleness by whoever reads it.
 */
export function createStreamGot(config: UpstreamConfig): Got {
  installLeanNativeOptions();
  const t = config.timeoutMs;
  return got.extend({
    prefixUrl: `${config.baseUrl}/`,
    agent: agents(config.maxConcurrency),
    timeout: { lookup: t, connect: t, secureConnect: t, send: t, response: t },
    headers: { ...HEADERS, accept: "*/*" },
    // Stryker disable next-line ObjectLiteral: equivalent with got 14, which retries a stream only for a caller handling its `retry` event; kept to say so
    retry: { limit: 0 },
  });
}
