import { z } from "zod";

/** An integer in [min, max], undefined when unset or blank; `unset` (what an unset one means) goes into the fix printed when it is wrong. */
const integerIn = (name: string, min: number, max: number, unset: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        // Stryker disable next-line StringLiteral,ArrayDeclaration: equivalent, zod files the issue under the object key whatever code and path say
        ctx.addIssue({ code: "custom", message: `must be an integer from ${min} to ${max} (${unset}), got "${v}"`, path: [name] });
        return z.NEVER;
      }
      return n;
    });

/** An integer variable with its default and range. */
const intVar = (name: string, def: number, min: number, max: number) => integerIn(name, min, max, `default ${def}`).transform((n) => n ?? def);

/** An integer variable with no default of its own (undefined when unset): `unset` says what it then follows. */
const optionalIntVar = (name: string, min: number, max: number, unset: string) => integerIn(name, min, max, `unset: ${unset}`);

/**
 * Every environment variable the gateway reads, with its rule and default (the README's table), by
 * section: Yoti (YOTI_*), the gateway's own (GATEWAY_*, by section), the embedded emulator
 * (EMULATOR_*), OpenTelemetry's standard OTEL_*, REDIS_URL, and the names Node services
 * conventionally read (PORT, HOST, NODE_ENV, LOG_LEVEL).
 */
export const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  // Yoti: credentials, the API, and how the gateway talks to it.
  YOTI_CLIENT_SDK_ID: z.string().optional(),
  YOTI_KEY_FILE_PATH: z.string().optional(),
  YOTI_IDV_API_URL: z.string().optional(),
  YOTI_TIMEOUT_MS: intVar("YOTI_TIMEOUT_MS", 4_000, 100, 120_000),
  YOTI_DEADLINE_MS: intVar("YOTI_DEADLINE_MS", 10_000, 100, 300_000),
  YOTI_RETRIES: intVar("YOTI_RETRIES", 2, 0, 10),
  YOTI_MAX_CONCURRENCY: intVar("YOTI_MAX_CONCURRENCY", 32, 1, 1024),
  YOTI_MAX_PER_SESSION: intVar("YOTI_MAX_PER_SESSION", 4, 1, 1024),
  YOTI_CIRCUIT_COOLDOWN_MS: intVar("YOTI_CIRCUIT_COOLDOWN_MS", 5_000, 100, 600_000),
  YOTI_SUPPORTED_DOCUMENTS_TTL_SECONDS: intVar("YOTI_SUPPORTED_DOCUMENTS_TTL_SECONDS", 3_600, 0, 86_400),
  YOTI_WEBHOOK_AUTH_TYPE: z.string().optional(),
  YOTI_WEBHOOK_AUTH_TOKEN: z.string().optional(),
  // The gateway's server.
  PORT: intVar("PORT", 4000, 0, 65535),
  HOST: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  GATEWAY_SHUTDOWN_GRACE_MS: z.string().optional(),
  GATEWAY_INTROSPECTION: z.enum(["true", "false"]).optional(),
  GATEWAY_TRUSTED_DOCUMENTS_FILE: z.string().optional(),
  GATEWAY_FEDERATION: z.enum(["true", "false"]).optional(),
  GATEWAY_METRICS_TOKEN: z.string().optional(),
  GATEWAY_METRICS_PUBLIC: z.enum(["true", "false"]).optional(),
  // Callers.
  GATEWAY_AUTH: z.string().optional(),
  GATEWAY_API_KEYS_FILE: z.string().optional(),
  GATEWAY_JWT_PUBLIC_KEY_FILE: z.string().optional(),
  GATEWAY_JWKS_URL: z.string().optional(),
  GATEWAY_JWT_ISSUER: z.string().optional(),
  GATEWAY_JWT_AUDIENCE: z.string().optional(),
  GATEWAY_JWT_MAX_AGE_SECONDS: intVar("GATEWAY_JWT_MAX_AGE_SECONDS", 3_600, 60, 30 * 86_400),
  // Request limits.
  GATEWAY_MAX_DEPTH: intVar("GATEWAY_MAX_DEPTH", 16, 2, 100),
  GATEWAY_MAX_ALIASES: intVar("GATEWAY_MAX_ALIASES", 150, 1, 10_000),
  GATEWAY_MAX_COST: intVar("GATEWAY_MAX_COST", 20_000, 10, 10_000_000),
  GATEWAY_MAX_TOKENS: intVar("GATEWAY_MAX_TOKENS", 5_000, 100, 1_000_000),
  GATEWAY_MAX_BODY_BYTES: intVar("GATEWAY_MAX_BODY_BYTES", 100 * 1024, 1024, 10 * 1024 * 1024),
  GATEWAY_MAX_SESSIONS_PER_REQUEST: intVar("GATEWAY_MAX_SESSIONS_PER_REQUEST", 100, 1, 10_000),
  GATEWAY_MAX_MEDIA_PER_REQUEST: intVar("GATEWAY_MAX_MEDIA_PER_REQUEST", 100, 0, 10_000),
  GATEWAY_CORS_ORIGINS: z.string().optional(),
  // Media links.
  GATEWAY_PUBLIC_URL: z.string().optional(),
  GATEWAY_MEDIA_SECRET: z.string().optional(),
  GATEWAY_MEDIA_URL_TTL_SECONDS: intVar("GATEWAY_MEDIA_URL_TTL_SECONDS", 300, 10, 86_400),
  // Live sessions: subscriptions, their WebSocket connections, polling; fan-out through Redis.
  GATEWAY_LIVE_POLL_INTERVAL_MS: intVar("GATEWAY_LIVE_POLL_INTERVAL_MS", 5_000, 100, 3_600_000),
  GATEWAY_LIVE_MAX_LIFETIME_MS: intVar("GATEWAY_LIVE_MAX_LIFETIME_MS", 3_600_000, 1_000, 86_400_000),
  GATEWAY_LIVE_MAX_CONNECTIONS: intVar("GATEWAY_LIVE_MAX_CONNECTIONS", 5_000, 1, 1_000_000),
  GATEWAY_LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: intVar("GATEWAY_LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION", 20, 1, 10_000),
  GATEWAY_LIVE_MAX_PENDING: intVar("GATEWAY_LIVE_MAX_PENDING", 64, 1, 100_000),
  GATEWAY_LIVE_MAX_PENDING_PER_ADDRESS: intVar("GATEWAY_LIVE_MAX_PENDING_PER_ADDRESS", 8, 1, 100_000),
  GATEWAY_LIVE_INIT_TIMEOUT_MS: intVar("GATEWAY_LIVE_INIT_TIMEOUT_MS", 2_000, 100, 30_000),
  REDIS_URL: z.string().optional(),
  // The session cache.
  GATEWAY_CACHE_TTL_SECONDS: intVar("GATEWAY_CACHE_TTL_SECONDS", 0, 0, 86_400),
  GATEWAY_CACHE_MAX_MB: intVar("GATEWAY_CACHE_MAX_MB", 16, 1, 4_096),
  // The response cache: its TTL follows the session cache's unless set.
  GATEWAY_RESPONSE_CACHE_TTL_SECONDS: optionalIntVar("GATEWAY_RESPONSE_CACHE_TTL_SECONDS", 0, 86_400, "follows GATEWAY_CACHE_TTL_SECONDS"),
  GATEWAY_RESPONSE_CACHE_MAX_MB: intVar("GATEWAY_RESPONSE_CACHE_MAX_MB", 16, 1, 4_096),
  // The audit trail of personal-data reads (audit-config.ts).
  GATEWAY_AUDIT: z.enum(["on", "off"]).optional(),
  GATEWAY_AUDIT_DATABASE_URL: z.string().optional(),
  GATEWAY_AUDIT_DIR: z.string().optional(),
  GATEWAY_AUDIT_REQUIRE_PURPOSE: z.enum(["true", "false"]).optional(),
  GATEWAY_AUDIT_RETENTION_DAYS: intVar("GATEWAY_AUDIT_RETENTION_DAYS", 400, 1, 36_500),
  // The embedded emulator (development, no Yoti credentials).
  EMULATOR_SESSIONS_DIR: z.string().optional(),
  // OpenTelemetry's standard variables (tracing-config.ts): tracing is off unless an endpoint or exporter is set.
  OTEL_SDK_DISABLED: z.string().optional(),
  OTEL_TRACES_EXPORTER: z.string().optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.string().optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: z.string().optional(),
  OTEL_EXPORTER_OTLP_TIMEOUT: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: z.string().optional(),
  OTEL_EXPORTER_OTLP_COMPRESSION: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().optional(),
  OTEL_RESOURCE_ATTRIBUTES: z.string().optional(),
  OTEL_TRACES_SAMPLER: z.string().optional(),
  OTEL_TRACES_SAMPLER_ARG: z.string().optional(),
  OTEL_BSP_SCHEDULE_DELAY: intVar("OTEL_BSP_SCHEDULE_DELAY", 5_000, 1, 600_000),
  OTEL_BSP_EXPORT_TIMEOUT: intVar("OTEL_BSP_EXPORT_TIMEOUT", 30_000, 100, 600_000),
  OTEL_BSP_MAX_QUEUE_SIZE: intVar("OTEL_BSP_MAX_QUEUE_SIZE", 2_048, 1, 1_000_000),
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: intVar("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 512, 1, 1_000_000),
});

/** The environment after validation: integers parsed, defaults applied. */
export type Env = z.infer<typeof EnvSchema>;

/** A trimmed value, or undefined when unset or blank. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
