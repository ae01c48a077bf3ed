import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { ErrorCode, httpStatusFor } from "../../errors/error-codes.js";

/** The paths GraphQL is served at: subscriptions share them with queries, as Apollo's guide sets it up. */
export const GRAPHQL_PATHS: ReadonlySet<string> = new Set(["/", "/graphql"]);

/** Answers an upgrade request with its code's HTTP status and a GraphQL-shaped body, and closes the socket. */
export function refuseUpgrade(socket: Duplex, code: ErrorCode.FORBIDDEN | ErrorCode.NOT_FOUND | ErrorCode.SHUTTING_DOWN | ErrorCode.AT_CAPACITY, reason: string): void {
  const status = httpStatusFor(code);
  const body = JSON.stringify({ errors: [{ message: reason, extensions: { code } }] });
  const text = status === 403 ? "Forbidden" : status === 404 ? "Not Found" : "Service Unavailable";
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${status === 503 ? "Retry-After: 1\r\n" : ""}\r\n${body}`,
  );
}

/**
 * Whether a browser page may open a WebSocket here. Browsers do not apply CORS to WebSockets, so a
 * page on any site could otherwise subscribe with whatever the gateway lets anonymous callers see
 * (everything, in development). Allowed: no Origin (not a browser), the gateway's own origin (Sandbox),
 * GATEWAY_PUBLIC_URL's origin, and GATEWAY_CORS_ORIGINS.
 */
export function originAllowed(req: IncomingMessage, corsOrigins: readonly string[], publicUrl?: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (corsOrigins.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (publicUrl !== undefined && new URL(publicUrl).origin === url.origin) return true;
  // A URL's host is always a string: no Host header never matches.
  return url.host === req.headers.host;
}

/** The path of a request URL, without its query. */
export function pathOf(url: string | undefined): string {
  const value = url ?? "/";
  const q = value.indexOf("?");
  return q < 0 ? value : value.slice(0, q);
}
