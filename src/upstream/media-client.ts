import type { Got } from "got";
import type { Readable } from "node:stream";
import type { LimitFunction } from "p-limit";
import { toUpstreamError } from "./http-client.js";
import { upstreamBadResponseError } from "./upstream-error.js";

const ENDPOINT = "GET /sessions/:id/media/:mediaId/content";

/** Largest JSON media the gateway parses in memory (document fields are a few KB). */
export const MAX_JSON_MEDIA_BYTES = 2 * 1024 * 1024;

/** A media body as the media route streams it. */
export interface MediaStream {
  /** 200 or 204. */
  readonly status: number;
  readonly contentType: string | undefined;
  readonly contentLength: string | undefined;
  readonly body: Readable;
}

/** What the media loader and the media route need from Yoti. */
export interface MediaSource {
  /** Fetches and parses a JSON media; null when Yoti answers 204 (content not available). */
  getJsonMedia(sessionId: string, mediaId: string): Promise<unknown>;
  /** Opens a media body for streaming; resolves once the status and headers are in. */
  openMedia(sessionId: string, mediaId: string): Promise<MediaStream>;
}

function mediaPath(sessionId: string, mediaId: string): string {
  return `sessions/${encodeURIComponent(sessionId)}/media/${encodeURIComponent(mediaId)}/content`;
}

/** The media half of the Yoti client: buffered JSON (retried, shared cap) and streamed bytes (one attempt, own cap while open). */
export function mediaClient(http: Got, limit: LimitFunction, streamLimit: LimitFunction): MediaSource {
  return {
    getJsonMedia(sessionId, mediaId) {
      return limit(async () => {
        let response;
        try {
          response = await http.get(mediaPath(sessionId, mediaId), { responseType: "buffer" });
        } catch (error) {
          throw toUpstreamError(error, ENDPOINT);
        }
        if (response.statusCode === 204) return null;
        if (response.body.length > MAX_JSON_MEDIA_BYTES) throw upstreamBadResponseError(ENDPOINT, response.statusCode);
        try {
          return JSON.parse(response.body.toString("utf8")) as unknown;
        } catch {
          throw upstreamBadResponseError(ENDPOINT, response.statusCode);
        }
      });
    },

    openMedia(sessionId, mediaId) {
      // The slot is held until the body is fully sent or abandoned, so streams count against the cap too.
      return new Promise<MediaStream>((resolve, reject) => {
        void streamLimit(
          () =>
            new Promise<void>((release) => {
                    // got retries a stream only if we re-create it; one attempt keeps the route simple and never resends bytes.
              const body = http.stream(mediaPath(sessionId, mediaId), { retry: { limit: 0 } });
              // got's stream does not always emit "close" after a clean end; free the slot on whichever comes first.
              let released = false;
              const free = () => {
                if (!released) {
                  released = true;
                  release();
                }
              };
              body.once("end", free);
              body.once("close", free);
              body.once("error", (error) => {
                free();
                reject(toUpstreamError(error, ENDPOINT));
              });
              body.once("response", (response: { statusCode: number; headers: Record<string, string | undefined> }) => {
                resolve({
                  status: response.statusCode,
                  contentType: response.headers["content-type"],
                  contentLength: response.headers["content-length"],
                  body,
                });
              });
            }),
        );
      });
    },
  };
}
