import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { EmulatorFault } from "./faults.js";
import { sendError, stallUnlessClosed } from "./http-util.js";

/**
 * Act out `fault` on one response; resolves true when the caller should still send the normal answer.
 * `beforeReset` runs just before a reset fault drops the connection, so that close is not taken for a client's.
 */
export async function applyFault(
  req: IncomingMessage,
  res: ServerResponse,
  fault: EmulatorFault,
  beforeReset: () => void = () => {},
): Promise<boolean> {
  // Set first, so the header rides on whichever answer follows, the normal one included.
  if (fault.retryAfterSeconds !== undefined) res.setHeader("Retry-After", String(fault.retryAfterSeconds));
  if (!(await stallUnlessClosed(res, fault.delayMs ?? 0))) return false;
  if (fault.reset) {
    // RST rather than FIN: clients see ECONNRESET, the failure a dropped upstream really produces.
    beforeReset();
    req.socket.resetAndDestroy();
    return false;
  }
  if (fault.body !== undefined) {
    sendRaw(res, fault.status ?? 200, fault.contentType ?? "application/json", Buffer.from(fault.body, "utf8"));
    return false;
  }
  if (fault.status !== undefined) {
    sendStatus(res, fault.status);
    return false;
  }
  return true;
}

function sendRaw(res: ServerResponse, status: number, contentType: string, bytes: Buffer): void {
  if (bodiless(status)) return sendEmpty(res, status);
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": bytes.length });
  res.end(bytes);
}

function sendStatus(res: ServerResponse, status: number): void {
  if (bodiless(status)) return sendEmpty(res, status);
  sendError(res, status, errorCode(status), `Emulated fault: HTTP ${status}`);
}

function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

// HTTP forbids a body on these; Node would drop it anyway but keep a misleading Content-Length.
function bodiless(status: number): boolean {
  return status === 204 || status === 304;
}

/** Yoti-style error code for a status: "Too Many Requests" → "TOO_MANY_REQUESTS". */
function errorCode(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase ? phrase.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_|_$/g, "") : `HTTP_${status}`;
}
