import type { ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { ErrorCode, httpStatusFor, messageFor } from "../upstream/error-codes.js";
import type { MediaSource } from "../upstream/media-client.js";
import { UpstreamError } from "../upstream/upstream-error.js";
import { sendJson } from "./http-errors.js";
import type { MediaTokens } from "./media-token.js";

/** Path prefix of the media route; the token is the rest of the path. */
export const MEDIA_PREFIX = "/media/";

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } }, { "cache-control": "no-store" });
}

/**
 * Serves a media's bytes to whoever holds a valid token (an <img> cannot send credentials):
 * streamed from Yoti without buffering, never cached, never sniffed. A bad token never reaches Yoti.
 */
export function mediaRoute(tokens: MediaTokens, media: MediaSource) {
  return async (token: string, res: ServerResponse): Promise<void> => {
    const grant = tokens.verify(token);
    if (!grant) {
      sendError(res, 403, "FORBIDDEN", "Media URL is invalid or expired; query Media.url again");
      return;
    }
    let upstream;
    try {
      upstream = await media.openMedia(grant.sessionId, grant.mediaId);
    } catch (error) {
      const code = error instanceof UpstreamError ? error.code : ErrorCode.UPSTREAM_UNAVAILABLE;
      const timedOut = error instanceof UpstreamError && error.timedOut;
      sendError(res, httpStatusFor(code, timedOut), code, messageFor(code));
      return;
    }
    const headers: Record<string, string> = {
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "content-type": upstream.contentType ?? "application/octet-stream",
    };
    if (upstream.status === 204) {
      upstream.body.resume();
      res.writeHead(204, headers);
      res.end();
      return;
    }
    if (upstream.contentLength !== undefined) headers["content-length"] = String(upstream.contentLength);
    res.writeHead(200, headers);
    try {
      await pipeline(upstream.body, res);
    } catch {
      // The client went away or Yoti cut the body mid-way: headers are gone, so all we can do is close.
      res.destroy();
    }
  };
}
