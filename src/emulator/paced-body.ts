import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { stallUnlessClosed } from "./http-util.js";

/** How a slow-body fault spreads a response out: `chunkBytes` per write, `delayMs` between writes. */
export interface Pacing {
  chunkBytes: number;
  delayMs: number;
}

/**
 * Send an answer with its body, optionally trickled in pieces. Content-Length always announces the full length,
 * so a client sees a normal response that is merely slow; writing stops at once when the connection closes.
 */
export async function sendBody(
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  bytes: Buffer,
  pacing: Pacing | undefined,
): Promise<void> {
  res.writeHead(status, { ...headers, "Content-Length": bytes.length });
  if (!pacing) {
    res.end(bytes);
    return;
  }
  for (let offset = 0; offset < bytes.length; offset += pacing.chunkBytes) {
    if (offset > 0 && !(await stallUnlessClosed(res, pacing.delayMs))) return;
    if (res.destroyed) return;
    res.write(bytes.subarray(offset, offset + pacing.chunkBytes));
  }
  res.end();
}
