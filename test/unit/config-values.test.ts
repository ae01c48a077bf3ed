import { createHash } from "node:crypto";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { configError } from "../support/config-errors.js";
import { tempDir, writeRsaKeyFile } from "../support/temp-files.js";

let dir: string;
let keyFile: string;

beforeAll(() => {
  dir = tempDir("idv-graph-config-values-");
  keyFile = writeRsaKeyFile(dir);
});

const production = () => ({ NODE_ENV: "production", GATEWAY_AUDIT: "off", GATEWAY_AUTH: "none", GATEWAY_METRICS_PUBLIC: "true", GATEWAY_MEDIA_SECRET: "m".repeat(32), YOTI_CLIENT_SDK_ID: "sdk", YOTI_KEY_FILE_PATH: keyFile, GATEWAY_PUBLIC_URL: "https://idv.example.com" });

describe("integer variables", () => {
  it("take their value, blank means the default", () => {
    expect(loadConfig({ PORT: "8080", YOTI_RETRIES: " 0 " })).toMatchObject({ server: { port: 8080 }, upstream: { tuning: { retries: 0 } } });
    expect(loadConfig({ PORT: "  ", GATEWAY_MAX_DEPTH: "" })).toMatchObject({ server: { port: 4000 }, limits: { maxDepth: 16 } });
  });

  it("accept both ends of their range and refuse one past either end", () => {
    expect(loadConfig({ PORT: "0" }).server.port).toBe(0);
    expect(loadConfig({ PORT: "65535" }).server.port).toBe(65535);
    expect(configError({ PORT: "65536" }).variable).toBe("PORT");
    expect(configError({ PORT: "-1" }).variable).toBe("PORT");
    expect(loadConfig({ GATEWAY_MAX_MEDIA_PER_REQUEST: "0" }).limits.maxMediaPerRequest).toBe(0);
    expect(configError({ GATEWAY_MAX_SESSIONS_PER_REQUEST: "0" }).variable).toBe("GATEWAY_MAX_SESSIONS_PER_REQUEST");
    expect(loadConfig({ YOTI_SUPPORTED_DOCUMENTS_TTL_SECONDS: "86400" }).upstream.tuning.supportedDocumentsTtlSeconds).toBe(86_400);
    expect(configError({ YOTI_SUPPORTED_DOCUMENTS_TTL_SECONDS: "86401" }).variable).toBe("YOTI_SUPPORTED_DOCUMENTS_TTL_SECONDS");
    expect(configError({ YOTI_SUPPORTED_DOCUMENTS_TTL_SECONDS: "-1" }).variable).toBe("YOTI_SUPPORTED_DOCUMENTS_TTL_SECONDS");
  });

  it("say the range, the default and the value given", () => {
    expect(configError({ YOTI_MAX_PER_SESSION: "2000" }).message).toBe('YOTI_MAX_PER_SESSION: must be an integer from 1 to 1024 (default 4), got "2000"');
  });

  it.each([
    "PORT",
    "YOTI_TIMEOUT_MS",
    "YOTI_DEADLINE_MS",
    "YOTI_RETRIES",
    "YOTI_MAX_CONCURRENCY",
    "YOTI_MAX_PER_SESSION",
    "YOTI_CIRCUIT_COOLDOWN_MS",
    "YOTI_SUPPORTED_DOCUMENTS_TTL_SECONDS",
    "GATEWAY_JWT_MAX_AGE_SECONDS",
    "GATEWAY_MAX_DEPTH",
    "GATEWAY_MAX_ALIASES",
    "GATEWAY_MAX_COST",
    "GATEWAY_MAX_TOKENS",
    "GATEWAY_MAX_BODY_BYTES",
    "GATEWAY_MAX_SESSIONS_PER_REQUEST",
    "GATEWAY_MAX_MEDIA_PER_REQUEST",
    "GATEWAY_MEDIA_URL_TTL_SECONDS",
  ])("%s refuses a fraction, naming itself", (variable) => {
    expect(configError({ [variable]: "2.5" }).variable).toBe(variable);
  });

  it("each lands where the gateway reads it", () => {
    const config = loadConfig({
      PORT: "1234",
      YOTI_TIMEOUT_MS: "1001",
      YOTI_DEADLINE_MS: "1002",
      YOTI_RETRIES: "3",
      YOTI_MAX_CONCURRENCY: "5",
      YOTI_MAX_PER_SESSION: "6",
      YOTI_CIRCUIT_COOLDOWN_MS: "1003",
      YOTI_SUPPORTED_DOCUMENTS_TTL_SECONDS: "0",
      GATEWAY_MAX_DEPTH: "7",
      GATEWAY_MAX_ALIASES: "8",
      GATEWAY_MAX_COST: "1004",
      GATEWAY_MAX_TOKENS: "1005",
      GATEWAY_MAX_BODY_BYTES: "1030",
      GATEWAY_MAX_SESSIONS_PER_REQUEST: "9",
      GATEWAY_MAX_MEDIA_PER_REQUEST: "10",
      GATEWAY_MEDIA_URL_TTL_SECONDS: "11",
    });
    expect(config).toMatchObject({
      server: { port: 1234 },
      upstream: { tuning: { timeoutMs: 1001, deadlineMs: 1002, retries: 3, maxConcurrency: 5, maxPerSession: 6, circuitCooldownMs: 1003, supportedDocumentsTtlSeconds: 0 } },
      limits: { maxDepth: 7, maxAliases: 8, maxCost: 1004, maxTokens: 1005, maxBodyBytes: 1030, maxSessionsPerRequest: 9, maxMediaPerRequest: 10 },
      media: { ttlSeconds: 11 },
    });
  });
});

describe("an environment that is not an object", () => {
  it("is refused as a whole, naming the environment", () => {
    expect(configError(null as unknown as NodeJS.ProcessEnv).variable).toBe("environment");
  });
});

describe("other variables", () => {
  it("HOST, LOG_LEVEL, EMULATOR_SESSIONS_DIR and GATEWAY_FEDERATION", () => {
    expect(loadConfig({ HOST: " 127.0.0.1 ", LOG_LEVEL: "warn", GATEWAY_FEDERATION: "true" }).server).toMatchObject({ host: "127.0.0.1", logLevel: "warn", federation: true });
    expect(loadConfig({ HOST: " ", GATEWAY_FEDERATION: "false" }).server).toMatchObject({ host: "0.0.0.0", federation: false });
    expect(configError({ LOG_LEVEL: "verbose" }).variable).toBe("LOG_LEVEL");
    expect(configError({ GATEWAY_FEDERATION: "yes" }).variable).toBe("GATEWAY_FEDERATION");
  });

  it("GATEWAY_INTROSPECTION=true keeps Sandbox on in production; development has it on regardless", () => {
    expect(loadConfig(production()).server.introspection).toBe(false);
    expect(loadConfig({ ...production(), GATEWAY_INTROSPECTION: "true" }).server.introspection).toBe(true);
    expect(loadConfig({ ...production(), GATEWAY_INTROSPECTION: "false" }).server.introspection).toBe(false);
    expect(loadConfig({ GATEWAY_INTROSPECTION: "false" }).server.introspection).toBe(true);
    expect(loadConfig({ NODE_ENV: "development" })).toMatchObject({ production: false, server: { introspection: true } });
  });
});

describe("GATEWAY_MEDIA_SECRET", () => {
  it("32 characters or more, trimmed, used as UTF-8 bytes", () => {
    const secret = "é".repeat(32);
    const { media } = loadConfig({ GATEWAY_MEDIA_SECRET: ` ${secret} ` });
    expect(media.secret.equals(Buffer.from(secret, "utf8"))).toBe(true);
    expect(media.secretGenerated).toBe(false);
    expect(loadConfig({ GATEWAY_MEDIA_SECRET: "x".repeat(32) }).media.secret.toString()).toBe("x".repeat(32));
  });

  it("31 characters are refused with the fix", () => {
    const error = configError({ GATEWAY_MEDIA_SECRET: "x".repeat(31) });
    expect(error.variable).toBe("GATEWAY_MEDIA_SECRET");
    expect(error.message).toContain("must be at least 32 characters; generate one with `openssl rand -base64 48`");
  });

  it("unset or blank: a fresh random secret per process", () => {
    const a = loadConfig({ GATEWAY_MEDIA_SECRET: "  " }).media;
    const b = loadConfig({}).media;
    expect(a.secretGenerated).toBe(true);
    expect(a.secret).toHaveLength(32);
    expect(a.secret.equals(b.secret)).toBe(false);
  });

  it("production needs a public URL for media links", () => {
    const { GATEWAY_PUBLIC_URL: _omitted, ...noUrl } = production();
    const error = configError(noUrl);
    expect(error.variable).toBe("GATEWAY_PUBLIC_URL");
    expect(error.message).toContain("is required with NODE_ENV=production");
  });
});

describe("GATEWAY_METRICS_TOKEN", () => {
  it("16 characters or more, trimmed, kept as its SHA-256 only", () => {
    const token = "0123456789abcdef";
    expect(loadConfig({ GATEWAY_METRICS_TOKEN: ` ${token} ` }).server.metrics.tokenSha256).toEqual(createHash("sha256").update(token).digest());
    expect(loadConfig({ GATEWAY_METRICS_TOKEN: " " }).server.metrics.tokenSha256).toBeUndefined();
  });

  it("15 characters are refused with the fix", () => {
    const error = configError({ GATEWAY_METRICS_TOKEN: "0123456789abcde" });
    expect(error.variable).toBe("GATEWAY_METRICS_TOKEN");
    expect(error.message).toContain("must be at least 16 characters; generate one with `openssl rand -hex 24`");
  });
});

describe("GATEWAY_SHUTDOWN_GRACE_MS", () => {
  it("0 to 120000; blank is the default (0 in development, 5000 in production)", () => {
    expect(loadConfig({ GATEWAY_SHUTDOWN_GRACE_MS: "0" }).server.shutdownGraceMs).toBe(0);
    expect(loadConfig({ GATEWAY_SHUTDOWN_GRACE_MS: "120000" }).server.shutdownGraceMs).toBe(120_000);
    expect(loadConfig({ GATEWAY_SHUTDOWN_GRACE_MS: " " }).server.shutdownGraceMs).toBe(0);
    expect(loadConfig({ ...production(), GATEWAY_SHUTDOWN_GRACE_MS: " " }).server.shutdownGraceMs).toBe(5_000);
    expect(loadConfig({ ...production(), GATEWAY_SHUTDOWN_GRACE_MS: "250" }).server.shutdownGraceMs).toBe(250);
  });

  it.each(["120001", "-1", "1.5", "soon"])("refuses %j, saying the range and the default", (value) => {
    expect(configError({ ...production(), GATEWAY_SHUTDOWN_GRACE_MS: value }).message).toBe(
      `GATEWAY_SHUTDOWN_GRACE_MS: must be an integer from 0 to 120000 (default 5000), got "${value}"`,
    );
  });
});

describe("Yoti credentials", () => {
  it("both set: the upstream config carries the SDK id, the key and the tuning", () => {
    const config = loadConfig({ YOTI_CLIENT_SDK_ID: " sdk-1 ", YOTI_KEY_FILE_PATH: ` ${keyFile} `, YOTI_RETRIES: "4" });
    expect(config.upstream).toMatchObject({ credentials: { sdkId: "sdk-1", baseUrl: "https://api.yoti.com/idverify/v1" }, tuning: { retries: 4, timeoutMs: 4_000 } });
    expect(config.upstream.credentials?.privateKey.type).toBe("private");
    expect(Object.isFrozen(config.upstream.credentials)).toBe(true);
  });

  it.each([
    [{ YOTI_CLIENT_SDK_ID: "sdk" }, "YOTI_KEY_FILE_PATH", "is required when YOTI_CLIENT_SDK_ID is set"],
    [{ YOTI_KEY_FILE_PATH: "/x.pem" }, "YOTI_CLIENT_SDK_ID", "is required when YOTI_KEY_FILE_PATH is set"],
    [{ YOTI_IDV_API_URL: "https://api.example.com" }, "YOTI_CLIENT_SDK_ID", "is required when YOTI_IDV_API_URL is set"],
    [{ NODE_ENV: "production", GATEWAY_AUTH: "none", GATEWAY_PUBLIC_URL: "https://x.example" }, "YOTI_CLIENT_SDK_ID", "NODE_ENV=production needs Yoti credentials"],
  ])("%j: %s %s", (env, variable, message) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(message);
  });

  it("blank credentials are unset: the embedded emulator in development", () => {
    expect(loadConfig({ YOTI_CLIENT_SDK_ID: " ", YOTI_KEY_FILE_PATH: "", YOTI_IDV_API_URL: " " }).upstream.credentials).toBeUndefined();
  });
});

describe("trusted documents and federation", () => {
  it("cannot be combined", () => {
    const error = configError({ GATEWAY_FEDERATION: "true", GATEWAY_TRUSTED_DOCUMENTS_FILE: join(dir, "any.json") });
    expect(error.variable).toBe("GATEWAY_TRUSTED_DOCUMENTS_FILE");
    expect(error.message).toContain("cannot be combined with GATEWAY_FEDERATION=true");
  });
});
