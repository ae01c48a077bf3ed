import type { Env } from "./env-schema.js";

/** The caches across requests: the session cache and the response cache (both off unless a TTL is set). */
export interface CacheConfig {
  /** How long a finished session (or a JSON media) is served from memory; 0 turns the session cache off. */
  readonly ttlSeconds: number;
  /** Bound of the session cache, in JSON bytes of what it holds (GATEWAY_CACHE_MAX_MB). */
  readonly maxBytes: number;
  /**
   * How long a whole answer about finished sessions is served without executing GraphQL; 0 turns
   * the response cache off. Unset, it follows the session cache's TTL (one switch for both).
   */
  readonly responseTtlSeconds: number;
  /** Bound of the response cache, in bytes of the answers, keys and session lists it holds (GATEWAY_RESPONSE_CACHE_MAX_MB). */
  readonly responseMaxBytes: number;
}

/** Reads the caches' variables; their ranges are checked by the env schema. */
export function loadCacheConfig(e: Env): CacheConfig {
  return Object.freeze({
    ttlSeconds: e.GATEWAY_CACHE_TTL_SECONDS,
    maxBytes: e.GATEWAY_CACHE_MAX_MB * 1024 * 1024,
    responseTtlSeconds: e.GATEWAY_RESPONSE_CACHE_TTL_SECONDS ?? e.GATEWAY_CACHE_TTL_SECONDS,
    responseMaxBytes: e.GATEWAY_RESPONSE_CACHE_MAX_MB * 1024 * 1024,
  });
}
