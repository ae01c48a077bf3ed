import type { ServerResponse } from "node:http";

/** A GraphQL-shaped error body, so clients parse every failure the same way. */
export function graphqlErrorBody(message: string, code: string): { errors: { message: string; extensions: { code: string } }[] } {
  return { errors: [{ message, extensions: { code } }] };
}

/** Ends the response with a JSON body (the status and headers are set here, once). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** A request the HTTP layer refuses before GraphQL sees it; `message` is fixed text, never request data. */
export class HttpRequestError extends Error {
  override readonly name = "HttpRequestError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
