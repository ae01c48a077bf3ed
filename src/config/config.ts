import { randomBytes, type KeyObject } from "node:crypto";
import { z } from "zod";
import { ConfigError } from "./config-error.js";
import { loadPrivateKey } from "./private-key.js";
import { loadAuthConfig, type AuthConfig, type LimitsConfig } from "./security-config.js";

/** Where and how the gateway talks to Yoti. */
export interface UpstreamConfig {
  readonly baseUrl: string;
  readonly sdkId: string;
  readonly privateKey: KeyObject;
  /** Per attempt, in ms. */
  readonly timeoutMs: number;
  /** Extra attempts for idempotent GETs on network errors, 5xx and 429. */
  readonly retries: number;
  /** Upstream requests in flight at once, across all GraphQL requests. */
  readonly maxConcurrency: number;
}

/** Tuning knobs that apply whichever upstream is used. */
export interface UpstreamTuning {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly maxConcurrency: number;
}

/** Capability URLs for media: `<img src>` cannot send an Authorization header. */
export interface MediaUrlConfig {
  /** Base for media URLs; undefined means each request's own origin. */
  readonly publicUrl?: string;
  /** HMAC key for media URL tokens. */
  readonly secret: Buffer;
  /** True when no GATEWAY_MEDIA_SECRET was set: URLs then die with the process. */
  readonly secretGenerated: boolean;
  readonly ttlSeconds: number;
}

/** The validated, frozen configuration. `upstream` is absent when the embedded emulator should be used. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** NODE_ENV=production: Sandbox, introspection and suggestions off; caller auth required. */
  readonly production: boolean;
  /** Sandbox and introspection on (development, the embedded emulator, or GATEWAY_INTROSPECTION=true). */
  readonly introspection: boolean;
  readonly auth: AuthConfig;
  readonly limits: LimitsConfig;
  readonly logLevel: string;
  readonly tuning: UpstreamTuning;
  readonly media: MediaUrlConfig;
  readonly upstream?: UpstreamConfig;
}

export const DEFAULT_IDV_API_URL = "https://api.yoti.com/idverify/v1";

/** Each variable's rule, default and the fix printed when it is wrong. */
const intVar = (name: string, def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be an integer from ${min} to ${max} (default ${def}), got "${v}"`, path: [name] });
        return z.NEVER;
      }
      return n;
    });

const EnvSchema = z.object({
  PORT: intVar("PORT", 4000, 0, 65535),
  HOST: z.string().optional(),
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  UPSTREAM_TIMEOUT_MS: intVar("UPSTREAM_TIMEOUT_MS", 10_000, 100, 120_000),
  UPSTREAM_RETRIES: intVar("UPSTREAM_RETRIES", 2, 0, 10),
  UPSTREAM_MAX_CONCURRENCY: intVar("UPSTREAM_MAX_CONCURRENCY", 16, 1, 1024),
  GATEWAY_INTROSPECTION: z.enum(["true", "false"]).optional(),
  GATEWAY_AUTH: z.string().optional(),
  GATEWAY_API_KEYS_FILE: z.string().optional(),
  GATEWAY_JWT_PUBLIC_KEY_FILE: z.string().optional(),
  GATEWAY_JWKS_URL: z.string().optional(),
  GATEWAY_JWT_ISSUER: z.string().optional(),
  GATEWAY_JWT_AUDIENCE: z.string().optional(),
  GATEWAY_MAX_DEPTH: intVar("GATEWAY_MAX_DEPTH", 16, 2, 100),
  GATEWAY_MAX_ALIASES: intVar("GATEWAY_MAX_ALIASES", 150, 1, 10_000),
  GATEWAY_MAX_COST: intVar("GATEWAY_MAX_COST", 50_000, 10, 10_000_000),
  GATEWAY_MAX_TOKENS: intVar("GATEWAY_MAX_TOKENS", 5_000, 100, 1_000_000),
  GATEWAY_MAX_BODY_BYTES: intVar("GATEWAY_MAX_BODY_BYTES", 100 * 1024, 1024, 10 * 1024 * 1024),
  GATEWAY_CORS_ORIGINS: z.string().optional(),
  GATEWAY_PUBLIC_URL: z.string().optional(),
  GATEWAY_MEDIA_SECRET: z.string().optional(),
  GATEWAY_MEDIA_URL_TTL_SECONDS: intVar("GATEWAY_MEDIA_URL_TTL_SECONDS", 300, 10, 86_400),
  YOTI_CLIENT_SDK_ID: z.string().optional(),
  YOTI_KEY_FILE_PATH: z.string().optional(),
  YOTI_IDV_API_URL: z.string().optional(),
});

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function parseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError("YOTI_IDV_API_URL", `"${raw}" is not a URL; use e.g. ${DEFAULT_IDV_API_URL}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError("YOTI_IDV_API_URL", `must be an http(s) URL such as ${DEFAULT_IDV_API_URL}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError("YOTI_IDV_API_URL", "must not carry a query, fragment or credentials; give only the base, e.g. " + DEFAULT_IDV_API_URL);
  }
  // Yoti's SDKs strip trailing slashes and append `/sessions/...`; so do we.
  return url.toString().replace(/\/+$/, "");
}

function parsePublicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError("GATEWAY_PUBLIC_URL", `"${raw}" is not a URL; give the gateway's public origin, e.g. https://idv-graph.example.com`);
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash) {
    throw new ConfigError("GATEWAY_PUBLIC_URL", "must be an http(s) URL without query or fragment, e.g. https://idv-graph.example.com");
  }
  return url.toString().replace(/\/+$/, "");
}

function mediaUrlConfig(e: { GATEWAY_PUBLIC_URL?: string; GATEWAY_MEDIA_SECRET?: string; GATEWAY_MEDIA_URL_TTL_SECONDS: number }): MediaUrlConfig {
  const secret = nonEmpty(e.GATEWAY_MEDIA_SECRET);
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError("GATEWAY_MEDIA_SECRET", "must be at least 32 characters; generate one with `openssl rand -base64 48`");
  }
  return Object.freeze({
    publicUrl: parsePublicUrl(nonEmpty(e.GATEWAY_PUBLIC_URL)),
    secret: secret === undefined ? randomBytes(32) : Buffer.from(secret, "utf8"),
    secretGenerated: secret === undefined,
    ttlSeconds: e.GATEWAY_MEDIA_URL_TTL_SECONDS,
  });
}

function parseOrigins(raw: string | undefined): string[] {
  const origins = (raw ?? "").split(",").map((o) => o.trim()).filter((o) => o !== "");
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== origin) {
      throw new ConfigError("GATEWAY_CORS_ORIGINS", `"${origin}" is not an origin; list origins like https://app.example.com, comma-separated`);
    }
  }
  return origins;
}

/** Reads the environment into a frozen Config, or throws a ConfigError naming the variable and the fix. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    throw new ConfigError(variable, issue.message);
  }
  const e = result.data;
  const tuning: UpstreamTuning = Object.freeze({
    timeoutMs: e.UPSTREAM_TIMEOUT_MS,
    retries: e.UPSTREAM_RETRIES,
    maxConcurrency: e.UPSTREAM_MAX_CONCURRENCY,
  });
  const sdkId = nonEmpty(e.YOTI_CLIENT_SDK_ID);
  const keyPath = nonEmpty(e.YOTI_KEY_FILE_PATH);
  const apiUrl = nonEmpty(e.YOTI_IDV_API_URL);
  let upstream: UpstreamConfig | undefined;
  if (sdkId && !keyPath) {
    throw new ConfigError("YOTI_KEY_FILE_PATH", "is required when YOTI_CLIENT_SDK_ID is set; point it at your Yoti Hub PEM key file");
  }
  if (keyPath && !sdkId) {
    throw new ConfigError("YOTI_CLIENT_SDK_ID", "is required when YOTI_KEY_FILE_PATH is set; copy the SDK ID from Yoti Hub");
  }
  if (apiUrl && !sdkId) {
    throw new ConfigError("YOTI_CLIENT_SDK_ID", "is required when YOTI_IDV_API_URL is set; set it with YOTI_KEY_FILE_PATH, or unset YOTI_IDV_API_URL to use the embedded emulator");
  }
  if (sdkId && keyPath) {
    const baseUrl = parseBaseUrl(apiUrl ?? DEFAULT_IDV_API_URL);
    upstream = Object.freeze({ baseUrl, sdkId, privateKey: loadPrivateKey("YOTI_KEY_FILE_PATH", keyPath), ...tuning });
  }
  const production = e.NODE_ENV === "production";
  // Whenever the embedded emulator runs, the gateway is a development tool: open, with Sandbox.
  const development = !production || upstream === undefined;
  const limits: LimitsConfig = Object.freeze({
    maxDepth: e.GATEWAY_MAX_DEPTH,
    maxAliases: e.GATEWAY_MAX_ALIASES,
    maxCost: e.GATEWAY_MAX_COST,
    maxTokens: e.GATEWAY_MAX_TOKENS,
    maxBodyBytes: e.GATEWAY_MAX_BODY_BYTES,
    corsOrigins: Object.freeze(parseOrigins(e.GATEWAY_CORS_ORIGINS)),
  });
  return Object.freeze({
    port: e.PORT,
    host: nonEmpty(e.HOST) ?? "0.0.0.0",
    production: !development,
    introspection: development || e.GATEWAY_INTROSPECTION === "true",
    auth: loadAuthConfig(e, !development),
    limits,
    logLevel: e.LOG_LEVEL ?? "info",
    tuning,
    media: mediaUrlConfig(e),
    upstream,
  });
}

/** The upstream config for the embedded emulator, with the same tuning as a real upstream. */
export function emulatorUpstream(tuning: UpstreamTuning, baseUrl: string, sdkId: string, keyFile: string): UpstreamConfig {
  return Object.freeze({ baseUrl, sdkId, privateKey: loadPrivateKey("embedded emulator key", keyFile), ...tuning });
}
