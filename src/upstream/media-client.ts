import type { Readable } from "node:stream";
import { upstreamBadResponseError, upstreamUnavailableError } from "./upstream-error.js";
import { guardedRead, readOptions, toUpstreamError, type CallOptions, type Upstream } from "./upstream-read.js";

/** The endpoint template errors and metrics name for this read. */
export const MEDIA_ENDPOINT = "GET /sessions/:id/media/:mediaId/content";

/** Largest JSON media the gateway parses in memory (document fields are a few KB). */
export const MAX_JSON_MEDIA_BYTES = 2 * 1024 * 1024;

/** A media body as the media route streams it. */
export interface MediaStream {
  /** 200 or 204. */
  readonly status: number;
  readonly contentType: string | undefined;
  readonly contentLength: string | undefined;
  /** The body; destroy it to stop the download (and free its slot). */
  readonly body: Readable;
}

/** What the media loader and the media route need from Yoti. */
export interface MediaSource {
  /** Fetches and parses a JSON media; null when Yoti answers 204 (content not available). */
  getJsonMedia(sessionId: string, mediaId: string, call?: CallOptions): Promise<unknown>;
  /** Opens a media body for streaming; resolves once the status and headers are in. */
  openMedia(sessionId: string, mediaId: string, call?: CallOptions): Promise<MediaStream>;
}

function mediaPath(sessionId: string, mediaId: string): string {
  return `sessions/${encodeURIComponent(sessionId)}/media/${encodeURIComponent(mediaId)}/content`;
}

/** The media half of the Yoti client: buffered JSON (as session reads are) and streamed bytes (own sockets and slots). */
export function mediaClient(upstream: Upstream, streams: Upstream): MediaSource {
  return {
    getJsonMedia(sessionId, mediaId, call = {}) {
      return guardedRead(upstream, MEDIA_ENDPOINT, sessionId, call, async (options) => {
        const response = await upstream.got.get(mediaPath(sessionId, mediaId), { ...options, responseType: "buffer" });
        if (response.statusCode === 204) return null;
        if (response.body.length > MAX_JSON_MEDIA_BYTES) throw upstreamBadResponseError(MEDIA_ENDPOINT, response.statusCode);
        try {
          return JSON.parse(response.body.toString("utf8")) as unknown;
        } catch {
          throw upstreamBadResponseError(MEDIA_ENDPOINT, response.statusCode);
        }
      });
    },

    openMedia(sessionId, mediaId, call = {}) {
      return openStream(streams, sessionId, mediaId, call);
    },
  };
}

/**
 * One attempt at a media body. The deadline bounds the wait for the response head only: once bytes
 * flow, a slow reader may take as long as it needs (the route watches the body for idleness).
 */
function openStream(upstream: Upstream, sessionId: string, mediaId: string, call: CallOptions): Promise<MediaStream> {
  const caller = call.signal;
  return guardedRead(upstream, MEDIA_ENDPOINT, sessionId, call, () => {
    const controller = new AbortController();
    const onCallerAbort = () => controller.abort(caller!.reason);
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, onError or the body's close removes the listener on every path; once only frees it sooner
    caller?.addEventListener("abort", onCallerAbort, { once: true });
    // Stryker disable next-line StringLiteral: equivalent, only the name (TimeoutError) is read
    const timer = setTimeout(() => controller.abort(new DOMException("deadline", "TimeoutError")), upstream.deadlineMs);
    // Stryker disable next-line ArithmeticOperator: equivalent, got reads the deadline only to bound retries, and streams make one attempt
    const deadlineAt = Date.now() + upstream.deadlineMs;
    const body = upstream.got.stream(mediaPath(sessionId, mediaId), readOptions(upstream, MEDIA_ENDPOINT, sessionId, controller.signal, deadlineAt));
    return new Promise<MediaStream>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        // Stryker disable next-line StringLiteral: equivalent, a later body error would find the promise settled and the caller listener already gone
        body.off("error", onError);
      };
      const onError = (error: unknown) => {
        settle();
        caller?.removeEventListener("abort", onCallerAbort);
        reject(toUpstreamError(error, MEDIA_ENDPOINT, caller));
      };
      body.once("error", onError);
      body.once("response", (response: { statusCode: number; headers: Record<string, string | undefined> }) => {
        settle();
        // Errors after the head belong to whoever reads the body; this handler keeps them from crashing the process.
        body.on("error", () => {});
        body.once("close", () => caller?.removeEventListener("abort", onCallerAbort));
        resolve({ status: response.statusCode, contentType: response.headers["content-type"], contentLength: response.headers["content-length"], body });
      });
      // Stryker disable next-line all: defence in depth, guardedRead refuses an aborted caller before this runs
      if (controller.signal.aborted) onError(upstreamUnavailableError(MEDIA_ENDPOINT, "cancelled"));
    });
  });
}
