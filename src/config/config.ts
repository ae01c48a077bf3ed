import { createHash, randomBytes, type KeyObject } from "node:crypto";
import { ConfigError } from "./config-error.js";
import { EnvSchema, nonEmpty, type Env } from "./env-schema.js";
import { loadPrivateKey } from "./private-key.js";
import { loadLiveConfig, type LiveConfig } from "./live-config.js";
import { loadSessionCacheConfig, type SessionCacheConfig } from "./session-cache-config.js";
import { loadAuthConfig, type AuthConfig, type LimitsConfig } from "./security-config.js";
import { loadTrustedDocuments, type TrustedDocumentList } from "./trusted-documents-file.js";
import { loadTracingConfig, type TracingConfig } from "./tracing-config.js";
import { DEFAULT_IDV_API_URL, parseBaseUrl, parseOrigins, parsePublicUrl } from "./url-vars.js";

export { DEFAULT_IDV_API_URL } from "./url-vars.js";

/** Tuning knobs that apply whichever upstream is used. */
export interface UpstreamTuning {
  /** One attempt, in ms. */
  readonly timeoutMs: number;
  /** One read as a whole (every attempt, backoff and Retry-After), in ms. */
  readonly deadlineMs: number;
  /** Extra attempts for idempotent GETs on network errors, 5xx and 429. */
  readonly retries: number;
  /** Upstream attempts in flight at once, across all GraphQL requests. */
  readonly maxConcurrency: number;
  /** Upstream attempts in flight at once for one session, so one stalled session cannot take every slot. */
  readonly maxPerSession: number;
  /** How long the gateway fails fast after the upstream kept failing, before it probes again. */
  readonly circuitCooldownMs: number;
}

/** Where and how the gateway talks to Yoti. */
export interface UpstreamConfig extends UpstreamTuning {
  readonly baseUrl: string;
  readonly sdkId: string;
  readonly privateKey: KeyObject;
}

/** Capability URLs for media: `<img src>` cannot send an Authorization header. */
export interface MediaUrlConfig {
  /** Base for media URLs; undefined (development only) means each request's own origin. */
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
  /** NODE_ENV=production: real Yoti credentials, caller auth, public URL required; Sandbox and suggestions off. */
  readonly production: boolean;
  /** Sandbox and introspection on (development, or GATEWAY_INTROSPECTION=true). */
  readonly introspection: boolean;
  readonly auth: AuthConfig;
  readonly limits: LimitsConfig;
  readonly logLevel: string;
  readonly tuning: UpstreamTuning;
  readonly media: MediaUrlConfig;
  /** SHA-256 of GATEWAY_METRICS_TOKEN: /metrics then wants `Authorization: Bearer <token>`. */
  readonly metricsTokenSha256?: Buffer;
  /** After SIGTERM, readiness answers 503 this long while the port stays open. */
  readonly shutdownGraceMs: number;
  /** GATEWAY_TRUSTED_DOCUMENTS_FILE: when set, only these documents run (by id or exact text). */
  readonly trustedDocuments?: TrustedDocumentList;
  /** GATEWAY_FEDERATION=true: serve the schema as an Apollo Federation 2 subgraph (`_service`, `_entities`). */
  readonly federation: boolean;
  /** A folder of session JSON files for the embedded emulator instead of its bundled demos. */
  readonly emulatorSessionsDir?: string;
  /** Notifications, subscriptions and their fan-out. */
  readonly live: LiveConfig;
  /** Finished sessions and JSON media kept in memory across requests (off when ttlSeconds is 0). */
  readonly sessionCache: SessionCacheConfig;
  readonly upstream?: UpstreamConfig;
  /** OpenTelemetry traces: absent (off) unless the standard OTEL_* variables ask for them. */
  readonly tracing?: TracingConfig;
}

function mediaUrlConfig(e: Env, production: boolean): MediaUrlConfig {
  const secret = nonEmpty(e.GATEWAY_MEDIA_SECRET);
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError("GATEWAY_MEDIA_SECRET", "must be at least 32 characters; generate one with `openssl rand -base64 48`");
  }
  // A secret made up at start signs links no other replica (and no later process) accepts.
  if (production && secret === undefined) {
    throw new ConfigError("GATEWAY_MEDIA_SECRET", "is required with NODE_ENV=production: the same value on every replica, so media links work on any of them and survive a restart; generate one with `openssl rand -base64 48`");
  }
  const publicUrl = parsePublicUrl(nonEmpty(e.GATEWAY_PUBLIC_URL));
  // In production the Host header is the caller's to choose: media links must not be built from it.
  if (production && publicUrl === undefined) {
    throw new ConfigError("GATEWAY_PUBLIC_URL", "is required with NODE_ENV=production: the public origin browsers reach the gateway on, e.g. https://idv-graph.example.com");
  }
  return Object.freeze({
    publicUrl,
    secret: secret === undefined ? randomBytes(32) : Buffer.from(secret),
    secretGenerated: secret === undefined,
    ttlSeconds: e.GATEWAY_MEDIA_URL_TTL_SECONDS,
  });
}

function shutdownGraceMs(raw: string | undefined, production: boolean): number {
  // Development stops at once on Ctrl-C; production gives load balancers time to see the 503.
  const def = production ? 5_000 : 0;
  const value = nonEmpty(raw);
  if (value === undefined) return def;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 120_000) {
    throw new ConfigError("SHUTDOWN_GRACE_MS", `must be an integer from 0 to 120000 (default ${def}), got "${raw}"`);
  }
  return n;
}

function upstreamConfig(e: Env, tuning: UpstreamTuning, production: boolean): UpstreamConfig | undefined {
  const sdkId = nonEmpty(e.YOTI_CLIENT_SDK_ID);
  const keyPath = nonEmpty(e.YOTI_KEY_FILE_PATH);
  const apiUrl = nonEmpty(e.YOTI_IDV_API_URL);
  if (sdkId && !keyPath) {
    throw new ConfigError("YOTI_KEY_FILE_PATH", "is required when YOTI_CLIENT_SDK_ID is set; point it at your Yoti Hub PEM key file");
  }
  if (keyPath && !sdkId) {
    throw new ConfigError("YOTI_CLIENT_SDK_ID", "is required when YOTI_KEY_FILE_PATH is set; copy the SDK ID from Yoti Hub");
  }
  if (apiUrl && !sdkId) {
    throw new ConfigError("YOTI_CLIENT_SDK_ID", "is required when YOTI_IDV_API_URL is set; set it with YOTI_KEY_FILE_PATH, or unset YOTI_IDV_API_URL to use the embedded emulator");
  }
  // Stryker disable next-line LogicalOperator: equivalent, the checks above leave both set or both unset
  if (!sdkId || !keyPath) {
    // The embedded emulator is an open development tool: production must never fall back to it.
    if (production) {
      throw new ConfigError("YOTI_CLIENT_SDK_ID", "NODE_ENV=production needs Yoti credentials: set YOTI_CLIENT_SDK_ID and YOTI_KEY_FILE_PATH (the embedded emulator is for development only)");
    }
    return undefined;
  }
  const baseUrl = parseBaseUrl(apiUrl ?? DEFAULT_IDV_API_URL);
  return Object.freeze({ baseUrl, sdkId, privateKey: loadPrivateKey("YOTI_KEY_FILE_PATH", keyPath), ...tuning });
}

function trustedDocuments(e: Env, federation: boolean): TrustedDocumentList | undefined {
  const path = nonEmpty(e.GATEWAY_TRUSTED_DOCUMENTS_FILE);
  if (path === undefined) return undefined;
  // A router's fetches to a subgraph are written by its query planner, not shipped by a frontend:
  // no manifest can list them. In a supergraph the list belongs at the router.
  if (federation) {
    throw new ConfigError("GATEWAY_TRUSTED_DOCUMENTS_FILE", "cannot be combined with GATEWAY_FEDERATION=true: a router's subgraph fetches are never in a frontend's manifest; enforce the list at the router (persisted queries safelisting)");
  }
  return loadTrustedDocuments(path);
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
  const production = e.NODE_ENV === "production";
  const tuning: UpstreamTuning = Object.freeze({
    timeoutMs: e.UPSTREAM_TIMEOUT_MS,
    deadlineMs: e.UPSTREAM_DEADLINE_MS,
    retries: e.UPSTREAM_RETRIES,
    maxConcurrency: e.UPSTREAM_MAX_CONCURRENCY,
    maxPerSession: e.UPSTREAM_MAX_PER_SESSION,
    circuitCooldownMs: e.UPSTREAM_CIRCUIT_COOLDOWN_MS,
  });
  const upstream = upstreamConfig(e, tuning, production);
  const limits: LimitsConfig = Object.freeze({
    maxDepth: e.GATEWAY_MAX_DEPTH,
    maxAliases: e.GATEWAY_MAX_ALIASES,
    maxCost: e.GATEWAY_MAX_COST,
    maxTokens: e.GATEWAY_MAX_TOKENS,
    maxBodyBytes: e.GATEWAY_MAX_BODY_BYTES,
    maxSessionsPerRequest: e.GATEWAY_MAX_SESSIONS_PER_REQUEST,
    maxMediaPerRequest: e.GATEWAY_MAX_MEDIA_PER_REQUEST,
    corsOrigins: Object.freeze(parseOrigins(e.GATEWAY_CORS_ORIGINS)),
  });
  const metricsToken = nonEmpty(e.GATEWAY_METRICS_TOKEN);
  if (metricsToken !== undefined && metricsToken.length < 16) {
    throw new ConfigError("GATEWAY_METRICS_TOKEN", "must be at least 16 characters; generate one with `openssl rand -hex 24`");
  }
  const metricsPublic = e.GATEWAY_METRICS_PUBLIC === "true";
  if (metricsPublic && metricsToken !== undefined) {
    throw new ConfigError("GATEWAY_METRICS_PUBLIC", "cannot be true while GATEWAY_METRICS_TOKEN is set: keep the token, or unset it to serve /metrics openly");
  }
  // Metrics name routes, rates and error codes: production serves them openly only when told to.
  if (production && metricsToken === undefined && !metricsPublic) {
    throw new ConfigError(
      "GATEWAY_METRICS_TOKEN",
      "is required with NODE_ENV=production (generate one with `openssl rand -hex 24`), or set GATEWAY_METRICS_PUBLIC=true when only your scraper can reach the port",
    );
  }
  return Object.freeze({
    port: e.PORT,
    host: nonEmpty(e.HOST) ?? "0.0.0.0",
    production,
    introspection: !production || e.GATEWAY_INTROSPECTION === "true",
    auth: loadAuthConfig(e, production),
    limits,
    logLevel: e.LOG_LEVEL ?? "info",
    tuning,
    media: mediaUrlConfig(e, production),
    metricsTokenSha256: metricsToken === undefined ? undefined : createHash("sha256").update(metricsToken).digest(),
    shutdownGraceMs: shutdownGraceMs(e.SHUTDOWN_GRACE_MS, production),
    trustedDocuments: trustedDocuments(e, e.GATEWAY_FEDERATION === "true"),
    federation: e.GATEWAY_FEDERATION === "true",
    emulatorSessionsDir: nonEmpty(e.EMULATOR_SESSIONS_DIR),
    live: loadLiveConfig(e),
    sessionCache: loadSessionCacheConfig(e),
    upstream,
    tracing: loadTracingConfig(e),
  });
}

/** The upstream config for the embedded emulator, with the same tuning as a real upstream. */
export function emulatorUpstream(tuning: UpstreamTuning, baseUrl: string, sdkId: string, keyFile: string): UpstreamConfig {
  // Stryker disable next-line StringLiteral: the label of an error that cannot happen, the emulator wrote this key itself
  return Object.freeze({ baseUrl, sdkId, privateKey: loadPrivateKey("embedded emulator key", keyFile), ...tuning });
}
