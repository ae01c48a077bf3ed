import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { originAllowed, pathOf } from "../../src/server/ws-upgrade.js";

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
    ["", ""],
  ])("%j -> %j", (url, path) => {
    expect(pathOf(url)).toBe(path);
  });
});
