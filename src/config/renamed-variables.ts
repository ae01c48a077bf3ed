import { ConfigError } from "./config-error.js";

/** Variables renamed in 0.2.0 (CHANGELOG.md): old name -> new name. */
export const RENAMED_VARIABLES: Readonly<Record<string, string>> = Object.freeze({
  SHUTDOWN_GRACE_MS: "GATEWAY_SHUTDOWN_GRACE_MS",
  UPSTREAM_TIMEOUT_MS: "YOTI_TIMEOUT_MS",
  UPSTREAM_DEADLINE_MS: "YOTI_DEADLINE_MS",
  UPSTREAM_RETRIES: "YOTI_RETRIES",
  UPSTREAM_MAX_CONCURRENCY: "YOTI_MAX_CONCURRENCY",
  UPSTREAM_MAX_PER_SESSION: "YOTI_MAX_PER_SESSION",
  UPSTREAM_CIRCUIT_COOLDOWN_MS: "YOTI_CIRCUIT_COOLDOWN_MS",
  SESSION_POLL_INTERVAL_MS: "GATEWAY_LIVE_POLL_INTERVAL_MS",
  SUBSCRIPTION_MAX_LIFETIME_MS: "GATEWAY_LIVE_MAX_LIFETIME_MS",
  GATEWAY_MAX_WS_CONNECTIONS: "GATEWAY_LIVE_MAX_CONNECTIONS",
  GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION: "GATEWAY_LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION",
  SESSION_CACHE_TTL_SECONDS: "GATEWAY_CACHE_TTL_SECONDS",
  SESSION_CACHE_MAX_MB: "GATEWAY_CACHE_MAX_MB",
});

/**
 * Refuses an environment that still sets a renamed variable, naming the new one: a setting silently
 * ignored (a cache believed off, a timeout believed short) is worse than a start that fails.
 */
export function refuseRenamedVariables(env: NodeJS.ProcessEnv): void {
  // Not an environment at all: the schema refuses it as a whole.
  if (typeof env !== "object" || env === null) return;
  for (const [old, renamed] of Object.entries(RENAMED_VARIABLES)) {
    if (env[old] !== undefined) throw new ConfigError(old, `was renamed to ${renamed} (see CHANGELOG.md): set ${renamed} instead`);
  }
}
