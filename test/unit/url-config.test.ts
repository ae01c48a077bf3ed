import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { configError } from "../support/config-errors.js";
import { tempDir, writeRsaKeyFile } from "../support/temp-files.js";

let keyFile: string;

beforeAll(() => {
  keyFile = writeRsaKeyFile(tempDir("idv-graph-url-config-"));
});

const yoti = (url: string) => ({ YOTI_CLIENT_SDK_ID: "sdk", YOTI_KEY_FILE_PATH: keyFile, YOTI_IDV_API_URL: url });

describe("YOTI_IDV_API_URL", () => {
  it.each([
    ["https://api.example.com/idverify/v1", "https://api.example.com/idverify/v1"],
    ["http://127.0.0.1:4010/", "http://127.0.0.1:4010"],
    [" https://api.example.com/v1// ", "https://api.example.com/v1"],
  ])("%j is used as %j", (url, base) => {
    expect(loadConfig(yoti(url)).upstream.credentials?.baseUrl).toBe(base);
  });

  it.each([
    ["not a URL", "api.yoti.com/idverify/v1", /"api\.yoti\.com\/idverify\/v1" is not a URL; use e\.g\. https:\/\/api\.yoti\.com\/idverify\/v1/],
    ["another scheme", "ftp://api.example.com/v1", /must be an http\(s\) URL such as https:\/\/api\.yoti\.com/],
    ["a query", "https://api.example.com/v1?x=1", /must not carry a query, fragment or credentials; give only the base, e\.g\. https:\/\/api\.yoti\.com/],
    ["a fragment", "https://api.example.com/v1#x", /must not carry a query/],
    ["a user", "https://user@api.example.com/v1", /must not carry a query/],
    ["a password", "https://:secret@api.example.com/v1", /must not carry a query/],
  ])("refuses %s", (_what, url, message) => {
    const error = configError(yoti(url));
    expect(error.variable).toBe("YOTI_IDV_API_URL");
    expect(error.message).toMatch(message);
  });
});

describe("GATEWAY_PUBLIC_URL", () => {
  it.each([
    ["https://idv.example.com", "https://idv.example.com"],
    ["http://localhost:4000/", "http://localhost:4000"],
    [" https://example.com/idv/// ", "https://example.com/idv"],
  ])("%j is used as %j", (url, base) => {
    expect(loadConfig({ GATEWAY_PUBLIC_URL: url }).media.publicUrl).toBe(base);
  });

  it("is the request's origin (undefined) when unset or blank", () => {
    expect(loadConfig({ GATEWAY_PUBLIC_URL: "  " }).media.publicUrl).toBeUndefined();
  });

  it.each([
    ["not a URL", "idv.example.com", /"idv\.example\.com" is not a URL; give the gateway's public origin/],
    ["another scheme", "ftp://idv.example.com", /must be an http\(s\) URL without query, fragment or credentials/],
    ["a query", "https://idv.example.com/?a=1", /must be an http\(s\) URL without/],
    ["a fragment", "https://idv.example.com/#a", /must be an http\(s\) URL without/],
    ["a user", "https://me@idv.example.com", /must be an http\(s\) URL without/],
    ["a password", "https://:pw@idv.example.com", /must be an http\(s\) URL without/],
  ])("refuses %s", (_what, url, message) => {
    const error = configError({ GATEWAY_PUBLIC_URL: url });
    expect(error.variable).toBe("GATEWAY_PUBLIC_URL");
    expect(error.message).toMatch(message);
  });
});

describe("GATEWAY_CORS_ORIGINS", () => {
  it("lists origins, trimmed, empty items skipped", () => {
    expect(loadConfig({ GATEWAY_CORS_ORIGINS: " https://app.example.com ,, http://localhost:3000," }).limits.corsOrigins).toEqual([
      "https://app.example.com",
      "http://localhost:3000",
    ]);
    expect(loadConfig({ GATEWAY_CORS_ORIGINS: " , " }).limits.corsOrigins).toEqual([]);
  });

  it.each([
    ["a path", "https://app.example.com/"],
    ["a default port spelled out", "https://app.example.com:443"],
    ["not a URL", "app.example.com"],
    ["an origin-less URL", "mailto:a@example.com"],
  ])("refuses %s", (_what, origin) => {
    const error = configError({ GATEWAY_CORS_ORIGINS: `https://ok.example.com,${origin}` });
    expect(error.variable).toBe("GATEWAY_CORS_ORIGINS");
    expect(error.message).toBe(`GATEWAY_CORS_ORIGINS: "${origin}" is not an origin; list origins like https://app.example.com, comma-separated`);
  });
});
