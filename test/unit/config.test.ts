import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_IDV_API_URL, loadConfig } from "../../src/config/config.js";
import { EnvSchema } from "../../src/config/env-schema.js";
import { RENAMED_VARIABLES } from "../../src/config/renamed-variables.js";
import { configError } from "../support/config-errors.js";
import { tempDir } from "../support/temp-files.js";

const SDK_ID = "0d1e6f5a-7c3b-4e2a-9b8d-5f4c3a2b1e00";
let dir: string;
let pkcs1: string;
let pkcs8: string;
let ecKey: string;
let pkcs1Text: string;

beforeAll(() => {
  dir = tempDir("idv-graph-config-");
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

describe("config", () => {
  it("an empty environment gives every documented default (the README's table), and nothing else", () => {
    const config = loadConfig({});
    expect(config).toEqual({
      production: false,
      server: {
        port: 4000,
        host: "0.0.0.0",
        logLevel: "info",
        introspection: true,
        shutdownGraceMs: 0,
        trustedDocuments: undefined,
        federation: false,
        metrics: { tokenSha256: undefined, public: false },
      },
      upstream: {
        tuning: { timeoutMs: 4_000, deadlineMs: 10_000, retries: 2, maxConcurrency: 32, maxPerSession: 4, circuitCooldownMs: 5_000, supportedDocumentsTtlSeconds: 3_600 },
        credentials: undefined,
      },
      auth: { apiKeys: undefined, jwt: undefined, explicitlyOpen: false },
      limits: {
        maxDepth: 16,
        maxAliases: 150,
        maxCost: 20_000,
        maxTokens: 5_000,
        maxBodyBytes: 100 * 1024,
        maxSessionsPerRequest: 100,
        maxMediaPerRequest: 100,
        corsOrigins: [],
      },
      media: { publicUrl: undefined, secret: expect.any(Buffer), secretGenerated: true, ttlSeconds: 300 },
      live: {
        webhook: undefined,
        redisUrl: undefined,
        pollIntervalMs: 5_000,
        maxLifetimeMs: 3_600_000,
        maxConnections: 5_000,
        maxSubscriptionsPerConnection: 20,
        maxPendingConnections: 64,
        maxPendingPerAddress: 8,
        initTimeoutMs: 2_000,
      },
      cache: { ttlSeconds: 0, maxBytes: 16 * 1024 * 1024, responseTtlSeconds: 0, responseMaxBytes: 16 * 1024 * 1024 },
      audit: { enabled: true, databaseUrl: undefined, dir: "./data/audit", requirePurpose: false, retentionDays: 400 },
      tracing: undefined,
      emulator: { sessionsDir: undefined },
    });
    expect(config.media.secret).toHaveLength(32);
    for (const part of [config, config.server, config.server.metrics, config.upstream, config.upstream.tuning, config.auth, config.limits, config.media, config.live, config.cache, config.audit, config.emulator]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
  });

  it("a variable renamed in 0.2.0 is refused at start with one line naming its new name (CHANGELOG.md)", () => {
    for (const [old, renamed] of Object.entries(RENAMED_VARIABLES)) {
      const error = configError({ [old]: "1" });
      expect(error.variable).toBe(old);
      expect(error.message).toBe(`${old}: was renamed to ${renamed} (see CHANGELOG.md): set ${renamed} instead`);
      // The new name is one the gateway reads.
      expect(Object.keys(EnvSchema.shape)).toContain(renamed);
    }
    expect(Object.keys(RENAMED_VARIABLES)).toHaveLength(13);
    const changelog = readFileSync(new URL("../../CHANGELOG.md", import.meta.url), "utf8");
    for (const [old, renamed] of Object.entries(RENAMED_VARIABLES)) expect(changelog).toContain(`| \`${old}\` | \`${renamed}\` |`);
  });

  it("live sessions: webhook auth (type any case), Redis URL and intervals; each mistake is one line naming its variable, never the secret", () => {
    const token = "s3cret-webhook-token-xyz";
    expect(loadConfig({ YOTI_WEBHOOK_AUTH_TYPE: "basic", YOTI_WEBHOOK_AUTH_TOKEN: token, REDIS_URL: "redis://:pw@127.0.0.1:6380/2", GATEWAY_LIVE_POLL_INTERVAL_MS: "250" }).live).toMatchObject({
      webhook: { authType: "BASIC", token },
      redisUrl: "redis://:pw@127.0.0.1:6380/2",
      pollIntervalMs: 250,
    });
    const cases: [NodeJS.ProcessEnv, string][] = [
      [{ YOTI_WEBHOOK_AUTH_TOKEN: token }, "YOTI_WEBHOOK_AUTH_TYPE"],
      [{ YOTI_WEBHOOK_AUTH_TYPE: "BEARER" }, "YOTI_WEBHOOK_AUTH_TOKEN"],
      [{ YOTI_WEBHOOK_AUTH_TYPE: "DIGEST", YOTI_WEBHOOK_AUTH_TOKEN: token }, "YOTI_WEBHOOK_AUTH_TYPE"],
      [{ YOTI_WEBHOOK_AUTH_TYPE: "BEARER", YOTI_WEBHOOK_AUTH_TOKEN: "short-s3cret" }, "YOTI_WEBHOOK_AUTH_TOKEN"],
      [{ REDIS_URL: "http://:s3cret@redis:6379" }, "REDIS_URL"],
      [{ REDIS_URL: "s3cret" }, "REDIS_URL"],
      [{ GATEWAY_LIVE_POLL_INTERVAL_MS: "10" }, "GATEWAY_LIVE_POLL_INTERVAL_MS"],
      [{ GATEWAY_LIVE_MAX_LIFETIME_MS: "forever" }, "GATEWAY_LIVE_MAX_LIFETIME_MS"],
      [{ GATEWAY_LIVE_MAX_CONNECTIONS: "0" }, "GATEWAY_LIVE_MAX_CONNECTIONS"],
      [{ GATEWAY_LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: "-1" }, "GATEWAY_LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION"],
    ];
    for (const [env, variable] of cases) {
      const error = configError(env);
      expect(error.variable).toBe(variable);
      expect(error.message).not.toContain("s3cret");
      expect(error.message).not.toContain("\n");
    }
  });

  it("audit: PGlite in ./data/audit unless a PostgreSQL URL or another folder is named; off only when said; each mistake is one line naming its variable, never echoing a URL's password", () => {
    expect(loadConfig({ GATEWAY_AUDIT_DIR: "/var/lib/idv-graph/audit", GATEWAY_AUDIT_REQUIRE_PURPOSE: "true", GATEWAY_AUDIT_RETENTION_DAYS: "30" }).audit).toEqual({
      enabled: true,
      databaseUrl: undefined,
      dir: "/var/lib/idv-graph/audit",
      requirePurpose: true,
      retentionDays: 30,
    });
    expect(loadConfig({ GATEWAY_AUDIT_DATABASE_URL: "postgresql://gw:pw@db:5432/audit" }).audit).toMatchObject({ enabled: true, databaseUrl: "postgresql://gw:pw@db:5432/audit" });
    expect(loadConfig({ GATEWAY_AUDIT: "off" }).audit.enabled).toBe(false);
    const production = { NODE_ENV: "production", GATEWAY_AUTH: "none", GATEWAY_METRICS_PUBLIC: "true", GATEWAY_MEDIA_SECRET: "m".repeat(32), YOTI_CLIENT_SDK_ID: SDK_ID, YOTI_KEY_FILE_PATH: pkcs1, GATEWAY_PUBLIC_URL: "https://x.example" };
    expect(loadConfig({ ...production, GATEWAY_AUDIT: "off" }).audit.enabled).toBe(false);
    expect(loadConfig({ ...production, GATEWAY_AUDIT_DIR: "/data/audit" }).audit.dir).toBe("/data/audit");
    const cases: [NodeJS.ProcessEnv, string][] = [
      [production, "GATEWAY_AUDIT_DATABASE_URL"],
      [{ GATEWAY_AUDIT: "no" }, "GATEWAY_AUDIT"],
      [{ GATEWAY_AUDIT_DATABASE_URL: "mysql://u:s3cret@db/audit" }, "GATEWAY_AUDIT_DATABASE_URL"],
      [{ GATEWAY_AUDIT_DATABASE_URL: "s3cret" }, "GATEWAY_AUDIT_DATABASE_URL"],
      [{ GATEWAY_AUDIT_DATABASE_URL: "postgres://u:s3cret@db/audit", GATEWAY_AUDIT_DIR: "/x" }, "GATEWAY_AUDIT_DIR"],
      [{ GATEWAY_AUDIT_REQUIRE_PURPOSE: "yes" }, "GATEWAY_AUDIT_REQUIRE_PURPOSE"],
      [{ GATEWAY_AUDIT_RETENTION_DAYS: "0" }, "GATEWAY_AUDIT_RETENTION_DAYS"],
    ];
    for (const [env, variable] of cases) {
      const error = configError(env);
      expect(error.variable).toBe(variable);
      expect(error.message).not.toContain("s3cret");
      expect(error.message).not.toContain("\n");
    }
  });

  it("caches: TTLs in seconds (0 = off), the response cache's following the session cache's unless set, bounds in MB; each mistake is one line naming its variable", () => {
    const MB = 1024 * 1024;
    expect(loadConfig({ GATEWAY_CACHE_TTL_SECONDS: "60", GATEWAY_CACHE_MAX_MB: "64" }).cache).toEqual({ ttlSeconds: 60, maxBytes: 64 * MB, responseTtlSeconds: 60, responseMaxBytes: 16 * MB });
    expect(loadConfig({ GATEWAY_CACHE_TTL_SECONDS: "60", GATEWAY_RESPONSE_CACHE_TTL_SECONDS: "0" }).cache).toMatchObject({ ttlSeconds: 60, responseTtlSeconds: 0 });
    expect(loadConfig({ GATEWAY_RESPONSE_CACHE_TTL_SECONDS: "30", GATEWAY_RESPONSE_CACHE_MAX_MB: "2" }).cache).toEqual({ ttlSeconds: 0, maxBytes: 16 * MB, responseTtlSeconds: 30, responseMaxBytes: 2 * MB });
    expect(loadConfig({ GATEWAY_CACHE_TTL_SECONDS: "60", GATEWAY_RESPONSE_CACHE_TTL_SECONDS: " " }).cache.responseTtlSeconds).toBe(60);
    expect(Object.isFrozen(loadConfig({}).cache)).toBe(true);
    const cases: [NodeJS.ProcessEnv, string][] = [
      [{ GATEWAY_CACHE_TTL_SECONDS: "-1" }, "GATEWAY_CACHE_TTL_SECONDS"],
      [{ GATEWAY_CACHE_TTL_SECONDS: "1.5" }, "GATEWAY_CACHE_TTL_SECONDS"],
      [{ GATEWAY_CACHE_TTL_SECONDS: "86401" }, "GATEWAY_CACHE_TTL_SECONDS"],
      [{ GATEWAY_CACHE_MAX_MB: "0" }, "GATEWAY_CACHE_MAX_MB"],
      [{ GATEWAY_CACHE_MAX_MB: "lots" }, "GATEWAY_CACHE_MAX_MB"],
      [{ GATEWAY_RESPONSE_CACHE_TTL_SECONDS: "-1" }, "GATEWAY_RESPONSE_CACHE_TTL_SECONDS"],
      [{ GATEWAY_RESPONSE_CACHE_TTL_SECONDS: "2.5" }, "GATEWAY_RESPONSE_CACHE_TTL_SECONDS"],
      [{ GATEWAY_RESPONSE_CACHE_MAX_MB: "0" }, "GATEWAY_RESPONSE_CACHE_MAX_MB"],
    ];
    for (const [env, variable] of cases) {
      const error = configError(env);
      expect(error.variable).toBe(variable);
      expect(error.message).not.toContain("\n");
    }
  });

  it("production defaults: a 5 s shutdown grace, Sandbox off, and the JWT maximum age of an hour", () => {
    const jwtKey = join(dir, "jwt.pem");
    writeFileSync(jwtKey, generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }));
    const config = loadConfig({
      NODE_ENV: "production",
      YOTI_CLIENT_SDK_ID: SDK_ID,
      YOTI_KEY_FILE_PATH: pkcs1,
      GATEWAY_PUBLIC_URL: "https://idv.example.com/",
      GATEWAY_JWT_PUBLIC_KEY_FILE: jwtKey,
      GATEWAY_JWT_ISSUER: "https://issuer.example",
      GATEWAY_JWT_AUDIENCE: "idv-graph",
      GATEWAY_METRICS_TOKEN: "0123456789abcdef",
      GATEWAY_MEDIA_SECRET: "m".repeat(32),
      GATEWAY_AUDIT_DATABASE_URL: "postgres://audit@db.example:5432/audit",
    });
    expect(config).toMatchObject({ production: true, server: { introspection: false, shutdownGraceMs: 5_000 }, media: { publicUrl: "https://idv.example.com" } });
    expect(config.auth.jwt?.maxAgeSeconds).toBe(3_600);
    expect(config.upstream.tuning).toEqual({ timeoutMs: 4_000, deadlineMs: 10_000, retries: 2, maxConcurrency: 32, maxPerSession: 4, circuitCooldownMs: 5_000, supportedDocumentsTtlSeconds: 3_600 });
  });

  it("production refuses the embedded emulator and a missing public URL; a short metrics token is refused", () => {
    expect(configError({ NODE_ENV: "production", GATEWAY_AUTH: "none", GATEWAY_PUBLIC_URL: "https://x.example" }).variable).toBe("YOTI_CLIENT_SDK_ID");
    expect(configError({ NODE_ENV: "production", GATEWAY_AUTH: "none", GATEWAY_METRICS_PUBLIC: "true", GATEWAY_MEDIA_SECRET: "m".repeat(32), YOTI_CLIENT_SDK_ID: SDK_ID, YOTI_KEY_FILE_PATH: pkcs1 }).variable).toBe("GATEWAY_PUBLIC_URL");
    expect(configError({ GATEWAY_METRICS_TOKEN: "short" }).variable).toBe("GATEWAY_METRICS_TOKEN");
    expect(configError({ GATEWAY_SHUTDOWN_GRACE_MS: "soon" }).variable).toBe("GATEWAY_SHUTDOWN_GRACE_MS");
    expect(loadConfig({ GATEWAY_METRICS_TOKEN: "0123456789abcdef", EMULATOR_SESSIONS_DIR: " ./mine " })).toMatchObject({
      server: { metrics: { tokenSha256: expect.any(Buffer), public: false } },
      emulator: { sessionsDir: "./mine" },
    });
  });

  it("accepts a Yoti Hub PKCS#1 key and a PKCS#8 key, with the default base URL", () => {
    for (const key of [pkcs1, pkcs8]) {
      const config = loadConfig({ YOTI_CLIENT_SDK_ID: SDK_ID, YOTI_KEY_FILE_PATH: key });
      expect(config.upstream.credentials?.baseUrl).toBe(DEFAULT_IDV_API_URL);
      expect(config.upstream.credentials?.privateKey.asymmetricKeyType).toBe("rsa");
    }
  });

  it("strips trailing slashes from YOTI_IDV_API_URL", () => {
    const config = loadConfig({ YOTI_CLIENT_SDK_ID: SDK_ID, YOTI_KEY_FILE_PATH: pkcs1, YOTI_IDV_API_URL: "http://127.0.0.1:9/custom/prefix///" });
    expect(config.upstream.credentials?.baseUrl).toBe("http://127.0.0.1:9/custom/prefix");
  });

  it.each([
    [{ YOTI_CLIENT_SDK_ID: SDK_ID }, "YOTI_KEY_FILE_PATH"],
    [{ YOTI_KEY_FILE_PATH: "/x.pem" }, "YOTI_CLIENT_SDK_ID"],
    [{ YOTI_IDV_API_URL: "http://x" }, "YOTI_CLIENT_SDK_ID"],
    [{ YOTI_CLIENT_SDK_ID: SDK_ID, YOTI_KEY_FILE_PATH: "/nonexistent/key.pem" }, "YOTI_KEY_FILE_PATH"],
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ YOTI_RETRIES: "-1" }, "YOTI_RETRIES"],
    [{ YOTI_MAX_CONCURRENCY: "0" }, "YOTI_MAX_CONCURRENCY"],
    [{ YOTI_TIMEOUT_MS: "1.5" }, "YOTI_TIMEOUT_MS"],
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
    const long = configError({ YOTI_RETRIES: "9".repeat(5000) });
    expect(long.message.length).toBeLessThan(400);
  });

  it("never echoes a GATEWAY_AUTH value (it may be a secret pasted into the wrong variable)", () => {
    expect(configError({ GATEWAY_AUTH: "s3cr3t-token" }).message).not.toContain("s3cr3t");
  });
});

describe("production: a blank setting is no setting, and fails closed like an unset one", () => {
  const complete = () => ({
    NODE_ENV: "production",
    YOTI_CLIENT_SDK_ID: SDK_ID,
    YOTI_KEY_FILE_PATH: pkcs1,
    GATEWAY_PUBLIC_URL: "https://idv.example.com",
    GATEWAY_API_KEYS_FILE: apiKeysFile(),
    GATEWAY_METRICS_TOKEN: "0123456789abcdef",
    GATEWAY_MEDIA_SECRET: "m".repeat(32),
    GATEWAY_AUDIT_DATABASE_URL: "postgres://audit@db.example:5432/audit",
  });
  const apiKeysFile = () => {
    const file = join(dir, "keys.json");
    writeFileSync(file, JSON.stringify([{ name: "k", sha256: "a".repeat(64), scopes: ["sessions:read"] }]));
    return file;
  };

  it("the complete production environment loads", () => {
    expect(loadConfig(complete())).toMatchObject({ production: true, media: { publicUrl: "https://idv.example.com", secretGenerated: false } });
  });

  it.each([
    ["GATEWAY_PUBLIC_URL", "GATEWAY_PUBLIC_URL"],
    ["GATEWAY_METRICS_TOKEN", "GATEWAY_METRICS_TOKEN"],
    ["GATEWAY_MEDIA_SECRET", "GATEWAY_MEDIA_SECRET"],
    ["GATEWAY_API_KEYS_FILE", "GATEWAY_AUTH"],
    ["YOTI_KEY_FILE_PATH", "YOTI_CLIENT_SDK_ID"],
    ["GATEWAY_AUDIT_DATABASE_URL", "GATEWAY_AUDIT_DATABASE_URL"],
  ] as const)("%s unset, empty or blank: refused, naming %s", (name, variable) => {
    for (const value of [undefined, "", "   "]) {
      const env: Record<string, string | undefined> = { ...complete(), [name]: value };
      if (name === "YOTI_KEY_FILE_PATH") env.YOTI_CLIENT_SDK_ID = value;
      expect(configError(env as NodeJS.ProcessEnv).variable).toBe(variable);
    }
  });

  it("/metrics may go without a token only when told so (GATEWAY_METRICS_PUBLIC=true), and not with both", () => {
    const { GATEWAY_METRICS_TOKEN: _token, ...rest } = complete();
    expect(loadConfig({ ...rest, GATEWAY_METRICS_PUBLIC: "true" }).server.metrics.tokenSha256).toBeUndefined();
    expect(configError({ ...rest, GATEWAY_METRICS_PUBLIC: "false" }).variable).toBe("GATEWAY_METRICS_TOKEN");
    expect(configError({ ...complete(), GATEWAY_METRICS_PUBLIC: "true" }).variable).toBe("GATEWAY_METRICS_PUBLIC");
    expect(configError({ ...rest, GATEWAY_METRICS_PUBLIC: "yes" }).variable).toBe("GATEWAY_METRICS_PUBLIC");
  });
});
