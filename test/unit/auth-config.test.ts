import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { apiKeyEntry, hashApiKey } from "../support/tokens.js";
import { configError } from "../support/config-errors.js";
import { tempDir, writeRsaKeyFile } from "../support/temp-files.js";

let dir: string;
let spkiPem: string;
let spkiFile: string;
let yotiKeyFile: string;

beforeAll(() => {
  dir = tempDir("idv-graph-auth-config-");
  spkiPem = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString();
  spkiFile = join(dir, "issuer.pem");
  writeFileSync(spkiFile, spkiPem);
  yotiKeyFile = writeRsaKeyFile(dir);
});

/** Writes a keys file and returns its path. */
function keysFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const production = () => ({ NODE_ENV: "production", GATEWAY_AUDIT: "off", GATEWAY_METRICS_PUBLIC: "true", GATEWAY_MEDIA_SECRET: "m".repeat(32), YOTI_CLIENT_SDK_ID: "sdk", YOTI_KEY_FILE_PATH: yotiKeyFile, GATEWAY_PUBLIC_URL: "https://idv.example.com" });

describe("GATEWAY_AUTH", () => {
  it("none (trimmed) runs open on purpose; unset or blank does not", () => {
    expect(loadConfig({ GATEWAY_AUTH: "none" }).auth).toEqual({ apiKeys: undefined, jwt: undefined, explicitlyOpen: true });
    expect(loadConfig({ GATEWAY_AUTH: " none " }).auth.explicitlyOpen).toBe(true);
    expect(loadConfig({ GATEWAY_AUTH: "  " }).auth.explicitlyOpen).toBe(false);
    expect(loadConfig({}).auth.explicitlyOpen).toBe(false);
  });

  it("any other value is refused with the fix", () => {
    const error = configError({ GATEWAY_AUTH: "jwt" });
    expect(error.variable).toBe("GATEWAY_AUTH");
    expect(error.message).toContain('only "none" is accepted');
  });
});

describe("production needs caller auth", () => {
  it("refuses no auth at all, naming every way to set it", () => {
    const error = configError(production());
    expect(error.variable).toBe("GATEWAY_AUTH");
    expect(error.message).toContain("NODE_ENV=production needs caller auth");
  });

  it.each([
    ["GATEWAY_AUTH=none", () => ({ GATEWAY_AUTH: "none" }), { explicitlyOpen: true }],
    ["API keys", () => ({ GATEWAY_API_KEYS_FILE: keysFile("prod-keys.json", [{ name: "a", sha256: hashApiKey("k"), scopes: [] }]) }), { apiKeys: [expect.objectContaining({ name: "a" })] }],
    ["a JWT key", () => ({ GATEWAY_JWT_PUBLIC_KEY_FILE: spkiFile, GATEWAY_JWT_ISSUER: "i", GATEWAY_JWT_AUDIENCE: "a" }), { jwt: expect.objectContaining({ issuer: "i" }) }],
  ])("is satisfied by %s", (_what, env, auth) => {
    const config = loadConfig({ ...production(), ...env() });
    expect(config.production).toBe(true);
    expect(config.auth).toMatchObject(auth);
  });
});

describe("GATEWAY_API_KEYS_FILE", () => {
  it("reads [{ name, sha256, scopes }] into digests, either hex case, the path trimmed", () => {
    const upper = hashApiKey("key-two").toUpperCase();
    const path = keysFile("keys.json", [
      { name: "one", sha256: hashApiKey("key-one"), scopes: ["sessions:read"] },
      { name: "two", sha256: upper, scopes: ["sessions:read", "pii:read", "media:read", "devices:read"] },
    ]);
    const { apiKeys } = loadConfig({ GATEWAY_API_KEYS_FILE: ` ${path} ` }).auth;
    expect(apiKeys).toEqual([
      apiKeyEntry("one", "key-one", ["sessions:read"]),
      apiKeyEntry("two", "key-two", ["sessions:read", "pii:read", "media:read", "devices:read"]),
    ]);
    expect(apiKeys?.[1]?.sha256).toHaveLength(32);
    expect(Object.isFrozen(apiKeys?.[0])).toBe(true);
  });

  it("is off when blank", () => {
    expect(loadConfig({ GATEWAY_API_KEYS_FILE: " " }).auth.apiKeys).toBeUndefined();
  });

  it.each([
    ["a missing file", () => join(dir, "missing.json"), /cannot read .*missing\.json; point it at a JSON file/],
    ["not JSON", () => keysFile("text.json", "name=key"), /text\.json is not JSON; expected/],
    ["an empty list", () => keysFile("empty.json", []), /empty\.json lists no keys/],
    ["an empty name", () => keysFile("noname.json", [{ name: "", sha256: hashApiKey("k"), scopes: [] }]), /entry 0\.name: /],
    ["a short hash", () => keysFile("short.json", [{ name: "a", sha256: hashApiKey("k").slice(1), scopes: [] }]), /entry 0\.sha256: sha256 must be 64 hex characters/],
    ["a long hash", () => keysFile("long.json", [{ name: "a", sha256: `${hashApiKey("k")}0`, scopes: [] }]), /entry 0\.sha256: /],
    ["a hash that is not hex", () => keysFile("nothex.json", [{ name: "a", sha256: "g".repeat(64), scopes: [] }]), /entry 0\.sha256: /],
    [
      "an unknown scope",
      () => keysFile("scope.json", [{ name: "a", sha256: hashApiKey("k"), scopes: ["sessions:read"] }, { name: "b", sha256: hashApiKey("l"), scopes: ["admin"] }]),
      /entry 1\.scopes\.0: .*; scopes are sessions:read, pii:read, media:read, devices:read, pii:masked, audit:read$/,
    ],
  ])("refuses %s, naming the file and the fix", (_what, path, message) => {
    const error = configError({ GATEWAY_API_KEYS_FILE: path() });
    expect(error.variable).toBe("GATEWAY_API_KEYS_FILE");
    expect(error.message).toMatch(message);
  });
});

describe("JWT settings", () => {
  it("a PEM key file: its text, the issuer and audience trimmed, the maximum age", () => {
    const { jwt } = loadConfig({
      GATEWAY_JWT_PUBLIC_KEY_FILE: ` ${spkiFile} `,
      GATEWAY_JWT_ISSUER: " https://issuer.example ",
      GATEWAY_JWT_AUDIENCE: " idv-graph ",
      GATEWAY_JWT_MAX_AGE_SECONDS: "600",
    }).auth;
    expect(jwt).toEqual({ publicKeyPem: spkiPem, jwksUrl: undefined, issuer: "https://issuer.example", audience: "idv-graph", maxAgeSeconds: 600 });
    expect(Object.isFrozen(jwt)).toBe(true);
  });

  it("a JWKS URL instead of a key file", () => {
    const { jwt } = loadConfig({ GATEWAY_JWKS_URL: " https://issuer.example/jwks.json ", GATEWAY_JWT_ISSUER: "i", GATEWAY_JWT_AUDIENCE: "a" }).auth;
    expect(jwt).toEqual({ publicKeyPem: undefined, jwksUrl: "https://issuer.example/jwks.json", issuer: "i", audience: "a", maxAgeSeconds: 3_600 });
  });

  it("is off when neither is set, or both are blank", () => {
    expect(loadConfig({ GATEWAY_JWT_ISSUER: "i", GATEWAY_JWT_AUDIENCE: "a" }).auth.jwt).toBeUndefined();
    expect(loadConfig({ GATEWAY_JWT_PUBLIC_KEY_FILE: " ", GATEWAY_JWKS_URL: "" }).auth.jwt).toBeUndefined();
  });

  it.each([
    ["both a key file and a JWKS URL", () => ({ GATEWAY_JWT_PUBLIC_KEY_FILE: spkiFile, GATEWAY_JWKS_URL: "https://x.example/jwks", GATEWAY_JWT_ISSUER: "i", GATEWAY_JWT_AUDIENCE: "a" }), "GATEWAY_JWKS_URL", /set either GATEWAY_JWT_PUBLIC_KEY_FILE or GATEWAY_JWKS_URL, not both/],
    ["no issuer", () => ({ GATEWAY_JWT_PUBLIC_KEY_FILE: spkiFile, GATEWAY_JWT_AUDIENCE: "a" }), "GATEWAY_JWT_ISSUER", /is required with JWT auth/],
    ["a blank issuer", () => ({ GATEWAY_JWKS_URL: "https://x.example/jwks", GATEWAY_JWT_ISSUER: " ", GATEWAY_JWT_AUDIENCE: "a" }), "GATEWAY_JWT_ISSUER", /the `iss`/],
    ["no audience", () => ({ GATEWAY_JWT_PUBLIC_KEY_FILE: spkiFile, GATEWAY_JWT_ISSUER: "i" }), "GATEWAY_JWT_AUDIENCE", /is required with JWT auth/],
    ["a blank audience", () => ({ GATEWAY_JWKS_URL: "https://x.example/jwks", GATEWAY_JWT_ISSUER: "i", GATEWAY_JWT_AUDIENCE: " " }), "GATEWAY_JWT_AUDIENCE", /the `aud`/],
    ["a missing key file", () => ({ GATEWAY_JWT_PUBLIC_KEY_FILE: join(dir, "nokey.pem"), GATEWAY_JWT_ISSUER: "i", GATEWAY_JWT_AUDIENCE: "a" }), "GATEWAY_JWT_PUBLIC_KEY_FILE", /cannot read .*nokey\.pem; point it at/],
    ["a JWKS URL that is not a URL", () => ({ GATEWAY_JWKS_URL: "issuer.example/jwks", GATEWAY_JWT_ISSUER: "i", GATEWAY_JWT_AUDIENCE: "a" }), "GATEWAY_JWKS_URL", /"issuer\.example\/jwks" is not a URL/],
    ["a maximum age under a minute", () => ({ GATEWAY_JWT_MAX_AGE_SECONDS: "59" }), "GATEWAY_JWT_MAX_AGE_SECONDS", /from 60 to 2592000/],
  ])("refuses %s", (_what, env, variable, message) => {
    const error = configError(env());
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
  });
});
