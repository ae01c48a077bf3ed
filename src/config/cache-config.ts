import type { Env } from "./env-schema.js";

/** The session cache across requests (off unless GATEWAY_CACHE_TTL_SECONDS is set). */
export interface CacheConfig {
  /** How long a finished session (or a JSON media) is served from memory; 0 turns the cache off. */
  readonly ttlSeconds: number;
  /** Bound of the cache, in JSON bytes of what it holds (GATEWAY_CACHE_MAX_MB). */
  readonly maxBytes: number;
}

/** Reads the cache's two variables; their ranges are checked by the env schema. */
export function loadCacheConfig(e: Env): CacheConfig {
  return Object.freeze({ ttlSeconds: e.GATEWAY_CACHE_TTL_SECONDS, maxBytes: e.GATEWAY_CACHE_MAX_MB * 1024 * 1024 });
}
