import type { Request, Response } from "express";
import { pipeline } from "node:stream/promises";
import { ErrorCode, httpStatusFor, messageFor } from "../upstream/error-codes.js";
import type { MediaSource } from "../upstream/media-client.js";
import { UpstreamError } from "../upstream/upstream-error.js";
import type { MediaTokens } from "./media-token.js";

/** Path of the media route; the token is the last segment. */
export const MEDIA_ROUTE = "/media/:token";

function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).set("cache-control", "no-store").json({ error: { code, message } });
}

/**
 * Serves a media's bytes to whoever holds a valid token (an <img> cannot send credentials):
 * streamed from Yoti without buffering, never cached, never sniffed. A bad token never reaches Yoti.
 */
export function mediaRoute(tokens: MediaTokens, media: MediaSource) {
  return async (req: Request, res: Response): Promise<void> => {
    const grant = tokens.verify(String(req.params.token ?? ""));
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
    res.status(upstream.status === 204 ? 204 : 200);
    res.set({ "cache-control": "no-store", "x-content-type-options": "nosniff", "content-type": upstream.contentType ?? "application/octet-stream" });
    if (upstream.contentLength !== undefined && upstream.status !== 204) res.set("content-length", upstream.contentLength);
    if (upstream.status === 204) {
      upstream.body.resume();
      res.end();
      return;
    }
    try {
      await pipeline(upstream.body, res);
    } catch {
      // The client went away or Yoti cut the body mid-way: headers are gone, so all we can do is close.
      res.destroy();
    }
  };
}
