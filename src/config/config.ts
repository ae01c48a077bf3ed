import { loadAuditConfig, type AuditConfig } from "./audit-config.js";
import { ConfigError } from "./config-error.js";
import { EnvSchema, nonEmpty } from "./env-schema.js";
import { loadCacheConfig, type CacheConfig } from "./cache-config.js";
import { loadLiveConfig, type LiveConfig } from "./live-config.js";
import { loadMediaConfig, type MediaUrlConfig } from "./media-config.js";
import { refuseRenamedVariables } from "./renamed-variables.js";
import { loadAuthConfig, loadLimitsConfig, type AuthConfig, type LimitsConfig } from "./security-config.js";
import { loadServerConfig, type ServerConfig } from "./server-config.js";
import { loadTracingConfig, type TracingConfig } from "./tracing-config.js";
import { loadUpstreamSection, type UpstreamSection } from "./upstream-config.js";

export { DEFAULT_IDV_API_URL } from "./url-vars.js";

/** What the embedded emulator is started with when no Yoti credentials are set (development only). */
export interface EmulatorSection {
  /** EMULATOR_SESSIONS_DIR: a folder of session JSON files instead of its bundled demos. */
  readonly sessionsDir?: string;
}

/**
 * The validated, frozen configuration, in sections: each part of the gateway is handed the
 * sections it needs, never a copy of their fields.
 */
export interface Config {
  /** NODE_ENV=production: fail closed (credentials, caller auth, public URL, media secret, metrics access required); Sandbox off. */
  readonly production: boolean;
  readonly server: ServerConfig;
  readonly upstream: UpstreamSection;
  readonly auth: AuthConfig;
  readonly limits: LimitsConfig;
  readonly media: MediaUrlConfig;
  /** Notifications, subscriptions and their fan-out. */
  readonly live: LiveConfig;
  /** Finished sessions and JSON media kept in memory across requests (off when ttlSeconds is 0). */
  readonly cache: CacheConfig;
  /** The audit trail of personal-data reads, and what callers must state to get personal data. */
  readonly audit: AuditConfig;
  /** OpenTelemetry traces: absent (off) unless the standard OTEL_* variables ask for them. */
  readonly tracing?: TracingConfig;
  readonly emulator: EmulatorSection;
}

/** Reads the environment into a frozen Config, or throws a ConfigError naming the variable and the fix. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  refuseRenamedVariables(env);
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    throw new ConfigError(variable, issue.message);
  }
  const e = result.data;
  const production = e.NODE_ENV === "production";
  // In the order a person fixes them: where Yoti is, then what callers may do, then the rest.
  const upstream = loadUpstreamSection(e, production);
  const auth = loadAuthConfig(e, production);
  const media = loadMediaConfig(e, production);
  return Object.freeze({
    production,
    server: loadServerConfig(e, production),
    upstream,
    auth,
    limits: loadLimitsConfig(e),
    media,
    live: loadLiveConfig(e),
    cache: loadCacheConfig(e),
    audit: loadAuditConfig(e, production),
    tracing: loadTracingConfig(e),
    emulator: Object.freeze({ sessionsDir: nonEmpty(e.EMULATOR_SESSIONS_DIR) }),
  });
}
