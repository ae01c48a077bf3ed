import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import type { Duplex } from "node:stream";
import { originAllowed, pathOf, refuseUpgrade } from "../../src/server/websocket/upgrade.js";
import { ErrorCode } from "../../src/errors/error-codes.js";

const upgrade = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe("which pages may open a WebSocket (browsers apply no CORS to them)", () => {
  const cors = ["https://app.example.com"];
  const publicUrl = "https://idv.example.com";

  it.each([
    ["no Origin (not a browser)", {}],
    ["a configured CORS origin", { origin: "https://app.example.com", host: "gw.internal" }],
    ["GATEWAY_PUBLIC_URL's origin", { origin: "https://idv.example.com", host: "gw.internal" }],
    ["the gateway's own origin (Sandbox)", { origin: "http://localhost:4000", host: "localhost:4000" }],
  ])("allows %s", (_what, headers) => {
    expect(originAllowed(upgrade(headers), cors, publicUrl)).toBe(true);
  });

  it.each([
    ["another site", { origin: "https://evil.example", host: "localhost:4000" }],
    ["the public URL's host on another scheme", { origin: "http://idv.example.com", host: "gw.internal" }],
    ["an Origin that is not a URL", { origin: "null", host: "localhost:4000" }],
    ["an Origin that is not a URL, with no Host", { origin: "localhost:4000" }],
    ["a known origin with no Host and no public URL match", { origin: "http://localhost:4000" }],
  ])("refuses %s", (_what, headers) => {
    expect(originAllowed(upgrade(headers), cors, publicUrl)).toBe(false);
  });

  it("without a public URL, only CORS origins and the gateway's own", () => {
    expect(originAllowed(upgrade({ origin: "https://idv.example.com", host: "gw.internal" }), [], undefined)).toBe(false);
    expect(originAllowed(upgrade({ origin: "https://gw.internal", host: "gw.internal" }), [], undefined)).toBe(true);
  });
});

describe("pathOf", () => {
  it.each([
    [undefined, "/"],
    ["/graphql", "/graphql"],
    ["/graphql?x=1", "/graphql"],
    ["/?", "/"],
    ["?x=1", ""],
    ["", ""],
  ])("%j -> %j", (url, path) => {
    expect(pathOf(url)).toBe(path);
  });
});

describe("a refused upgrade: an HTTP answer with the code's status and a GraphQL-shaped body, then the socket closes", () => {
  /** What refuseUpgrade writes, split into status line, headers and parsed body. */
  function refusal(code: Parameters<typeof refuseUpgrade>[1], reason: string) {
    let written = "";
    const socket = { end: (data: string) => (written = data) } as unknown as Duplex;
    refuseUpgrade(socket, code, reason);
    const [head, body] = written.split("\r\n\r\n") as [string, string];
    const [status, ...headers] = head.split("\r\n");
    return { status, headers, body: JSON.parse(body) as unknown, length: Buffer.byteLength(body) };
  }

  it.each([
    [ErrorCode.FORBIDDEN, "HTTP/1.1 403 Forbidden"],
    [ErrorCode.NOT_FOUND, "HTTP/1.1 404 Not Found"],
    [ErrorCode.SHUTTING_DOWN, "HTTP/1.1 503 Service Unavailable"],
    [ErrorCode.AT_CAPACITY, "HTTP/1.1 503 Service Unavailable"],
  ] as const)("%s -> %s", (code, status) => {
    const answer = refusal(code, "why, in one fixed line é");
    expect(answer.status).toBe(status);
    expect(answer.body).toStrictEqual({ errors: [{ message: "why, in one fixed line é", extensions: { code } }] });
    const expected = ["Connection: close", "Content-Type: application/json; charset=utf-8", `Content-Length: ${answer.length}`];
    expect(answer.headers).toStrictEqual(status.includes("503") ? [...expected, "Retry-After: 1"] : expected);
  });
});
