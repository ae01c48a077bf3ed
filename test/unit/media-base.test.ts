import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { mediaBaseFor } from "../../src/server/http/media-base.js";

const request = (host: string | undefined, encrypted = false, localPort = 4000) =>
  ({ headers: host === undefined ? {} : { host }, socket: { encrypted, localPort } }) as unknown as IncomingMessage;

describe("the base of Media.url links", () => {
  it("is the configured public URL whatever the request says", () => {
    expect(mediaBaseFor("https://idv.example.com")(request("evil.example"))).toBe("https://idv.example.com/media/");
  });

  it.each([
    ["localhost:4000", false, "http://localhost:4000/media/"],
    ["gw.internal", true, "https://gw.internal/media/"],
    ["[::1]:4000", false, "http://[::1]:4000/media/"],
    ["a-b.example.com:8443", true, "https://a-b.example.com:8443/media/"],
  ])("in development, the origin the caller used: Host %s", (host, encrypted, base) => {
    expect(mediaBaseFor(undefined)(request(host, encrypted))).toBe(base);
  });

  it.each(["evil.example/x?", "user@evil.example", "evil.example:80:80", "-bad.example", "bad-.example", "a..b", "evil.example:123456", ""])(
    "falls back to the local address for a Host a link could be bent with: %j",
    (host) => {
      expect(mediaBaseFor(undefined)(request(host, false, 4123))).toBe("http://localhost:4123/media/");
    },
  );

  it("falls back to the local address when there is no Host header", () => {
    expect(mediaBaseFor(undefined)(request(undefined, false, 4123))).toBe("http://localhost:4123/media/");
  });
});
