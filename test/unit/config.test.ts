import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.js";
import { DEFAULT_IDV_API_URL, loadConfig } from "../../src/config/config.js";

const SDK_ID = "0d1e6f5a-7c3b-4e2a-9b8d-5f4c3a2b1e00";
let dir: string;
let pkcs1: string;
let pkcs8: string;
let ecKey: string;
let pkcs1Text: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "idv-graph-config-"));
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  pkcs1Text = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  pkcs1 = join(dir, "hub.pem");
  writeFileSync(pkcs1, pkcs1Text);
  pkcs8 = join(dir, "pkcs8.pem");
  writeFileSync(pkcs8, privateKey.export({ type: "pkcs8", format: "pem" }));
  ecKey = join(dir, "ec.pem");
  writeFileSync(ecKey, generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(join(dir, "garbage.pem"), "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----\n");
});

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("defaults: port 4000, no upstream (embedded emulator), documented tuning", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, production: false, tuning: { timeoutMs: 10_000, retries: 2, maxConcurrency: 16 } });
    expect(config.upstream).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("accepts a Yoti Hub PKCS#1 key and a PKCS#8 key, with the default base URL", () => {
    for (const key of [pkcs1, pkcs8]) {
      const config = loadConfig({ YOTI_CLIENT_SDK_ID: SDK_ID, YOTI_KEY_FILE_PATH: key });
      expect(config.upstream?.baseUrl).toBe(DEFAULT_IDV_API_URL);
      expect(config.upstream?.privateKey.asymmetricKeyType).toBe("rsa");
    }
  });

  it("strips trailing slashes from YOTI_IDV_API_URL", () => {
    const config = loadConfig({ YOTI_CLIENT_SDK_ID: SDK_ID, YOTI_KEY_FILE_PATH: pkcs1, YOTI_IDV_API_URL: "http://127.0.0.1:9/custom/prefix///" });
    expect(config.upstream?.baseUrl).toBe("http://127.0.0.1:9/custom/prefix");
  });

  it.each([
    [{ YOTI_CLIENT_SDK_ID: SDK_ID }, "YOTI_KEY_FILE_PATH"],
    [{ YOTI_KEY_FILE_PATH: "/x.pem" }, "YOTI_CLIENT_SDK_ID"],
    [{ YOTI_IDV_API_URL: "http://x" }, "YOTI_CLIENT_SDK_ID"],
    [{ YOTI_CLIENT_SDK_ID: SDK_ID, YOTI_KEY_FILE_PATH: "/nonexistent/key.pem" }, "YOTI_KEY_FILE_PATH"],
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ UPSTREAM_RETRIES: "-1" }, "UPSTREAM_RETRIES"],
    [{ UPSTREAM_MAX_CONCURRENCY: "0" }, "UPSTREAM_MAX_CONCURRENCY"],
    [{ UPSTREAM_TIMEOUT_MS: "1.5" }, "UPSTREAM_TIMEOUT_MS"],
  ])("rejects %j naming %s", (env, variable) => {
    const error = configError(env as NodeJS.ProcessEnv);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).not.toContain("\n");
  });

  it("rejects an unreadable PEM, a non-RSA key and a non-URL base URL without printing key material", () => {
    const garbage = configError({ YOTI_CLIENT_SDK_ID: SDK_ID, YOTI_KEY_FILE_PATH: join(dir, "garbage.pem") });
    expect(garbage.variable).toBe("YOTI_KEY_FILE_PATH");
    expect(garbage.message).not.toContain("not a key");
    expect(configError({ YOTI_CLIENT_SDK_ID: SDK_ID, YOTI_KEY_FILE_PATH: ecKey }).message).toContain("RSA");
    const url = configError({ YOTI_CLIENT_SDK_ID: SDK_ID, YOTI_KEY_FILE_PATH: pkcs1, YOTI_IDV_API_URL: "api.yoti.com" });
    expect(url.variable).toBe("YOTI_IDV_API_URL");
    expect(JSON.stringify(url)).not.toContain(pkcs1Text.slice(40, 80));
  });
});

describe("config errors stay one printable line", () => {
  it("escapes control characters and bounds quoted values", () => {
    const forged = configError({ PORT: "80\nInvalid configuration: FORGED: line" });
    expect(forged.message).not.toMatch(/[\n\r]/);
    expect(forged.message.startsWith("PORT: ")).toBe(true);
    const long = configError({ UPSTREAM_RETRIES: "9".repeat(5000) });
    expect(long.message.length).toBeLessThan(400);
  });

  it("never echoes a GATEWAY_AUTH value (it may be a secret pasted into the wrong variable)", () => {
    expect(configError({ GATEWAY_AUTH: "s3cr3t-token" }).message).not.toContain("s3cr3t");
  });
});
