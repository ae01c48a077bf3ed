import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { ErrorCode, httpStatusFor, messageFor } from "../../errors/error-codes.js";
import { Explain } from "../../errors/explain.js";
import type { MediaSource } from "../../upstream/media-client.js";
import { UpstreamError } from "../../upstream/upstream-error.js";
import { sendJson } from "./http-errors.js";
import type { MediaGrant, MediaTokens } from "./media-token.js";
import { abortOnClose } from "./request-signal.js";

/** Path prefix of the media route; the token is the rest of the path. */
export const MEDIA_PREFIX = "/media/";

/** On every media answer, errors included: personal images are never cached or sniffed. */
const MEDIA_HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } }, { ...MEDIA_HEADERS });
}

/**
 * Copies the upstream body to the client. The upstream is given `idleMs` between chunks while the
 * client is ready for more; while the client is slow (backpressure) no clock runs, so a slow reader
 * gets every byte. A stalled upstream or a client that leaves ends both sides.
 */
function relay(body: Readable, res: ServerResponse, idleMs: number): void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    // An error, not a bare destroy: the body's "error" handler below is what cuts the client's response short.
    // Stryker disable next-line StringLiteral: equivalent, the reason never leaves the process
    timer = setTimeout(() => body.destroy(new Error("upstream body idle")), idleMs);
  };
  const finish = () => clearTimeout(timer);
  body.on("data", (chunk: Buffer) => {
    if (res.write(chunk)) arm();
    else {
      clearTimeout(timer);
      body.pause();
      res.once("drain", () => {
        arm();
        body.resume();
      });
    }
  });
  body.once("end", () => {
    finish();
    res.end();
  });
  body.once("error", () => {
    finish();
    // Headers are gone: closing without the final chunk is how the client learns the body is incomplete.
    res.destroy();
  });
  res.once("close", () => {
    finish();
    body.destroy();
  });
  arm();
}

/**
 * Serves a media's bytes to whoever holds a valid token (an <img> cannot send credentials):
 * streamed from Yoti without buffering, never cached, never sniffed. A bad token never reaches Yoti;
 * HEAD asks Yoti for the head only and drops the body unread.
 */
export function mediaRoute(tokens: MediaTokens, media: MediaSource, idleMs: number, record?: (grant: MediaGrant, requestId: string) => Promise<void>) {
  return async (token: string, req: IncomingMessage, res: ServerResponse, requestId = ""): Promise<void> => {
    const grant = tokens.verify(token);
    if (!grant) {
      sendError(res, 403, ErrorCode.FORBIDDEN, Explain.mediaToken);
      return;
    }
    let upstream;
    try {
      upstream = await media.openMedia(grant.sessionId, grant.mediaId, { signal: abortOnClose(res) });
    } catch (error) {
      const code = error instanceof UpstreamError ? error.code : ErrorCode.UPSTREAM_UNAVAILABLE;
      const timedOut = error instanceof UpstreamError && error.timedOut;
      // Stryker disable next-line ConditionalExpression: equivalent, writing to a destroyed response is a no-op; the check only says why nothing is sent
      if (!res.destroyed) sendError(res, httpStatusFor(code, timedOut), code, messageFor(code));
      return;
    }
    const headers: Record<string, string> = { ...MEDIA_HEADERS, "content-type": upstream.contentType ?? "application/octet-stream" };
    if (upstream.status === 204 || req.method === "HEAD") {
      if (upstream.status !== 204 && upstream.contentLength !== undefined) headers["content-length"] = upstream.contentLength;
      upstream.body.destroy();
      res.writeHead(upstream.status, headers);
      res.end();
      return;
    }
    if (record) {
      // The download's audit event is durable before a byte leaves; without it, no bytes.
      try {
        await record(grant, requestId);
      } catch {
        upstream.body.destroy();
        if (!res.destroyed) sendError(res, httpStatusFor(ErrorCode.AUDIT_UNAVAILABLE), ErrorCode.AUDIT_UNAVAILABLE, messageFor(ErrorCode.AUDIT_UNAVAILABLE));
        return;
      }
    }
    if (upstream.contentLength !== undefined) headers["content-length"] = upstream.contentLength;
    res.writeHead(200, headers);
    relay(upstream.body, res, idleMs);
  };
}
