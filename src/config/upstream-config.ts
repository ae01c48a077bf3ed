import type { KeyObject } from "node:crypto";
import { ConfigError } from "./config-error.js";
import { nonEmpty, type Env } from "./env-schema.js";
import { loadPrivateKey } from "./private-key.js";
import { DEFAULT_IDV_API_URL, parseBaseUrl } from "./url-vars.js";

/** How the gateway talks to Yoti, whichever upstream it is (YOTI_TIMEOUT_MS and the rest). */
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
  /** How long Yoti's public list of supported documents is kept across requests, in seconds; 0 reads it once per request. */
  readonly supportedDocumentsTtlSeconds: number;
}

/** Which Yoti account, and where its API is (YOTI_CLIENT_SDK_ID, YOTI_KEY_FILE_PATH, YOTI_IDV_API_URL). */
export interface YotiCredentials {
  readonly baseUrl: string;
  readonly sdkId: string;
  readonly privateKey: KeyObject;
}

/** Everything the upstream client is built from. */
export interface UpstreamConfig extends UpstreamTuning, YotiCredentials {}

/** The upstream section: the tuning, and the credentials unless the embedded emulator stands in (development only). */
export interface UpstreamSection {
  readonly tuning: UpstreamTuning;
  readonly credentials?: YotiCredentials;
}

function credentials(e: Env, production: boolean): YotiCredentials | undefined {
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
  if (!sdkId) {
    // The embedded emulator is an open development tool: production must never fall back to it.
    if (production) {
      throw new ConfigError("YOTI_CLIENT_SDK_ID", "NODE_ENV=production needs Yoti credentials: set YOTI_CLIENT_SDK_ID and YOTI_KEY_FILE_PATH (the embedded emulator is for development only)");
    }
    return undefined;
  }
  return Object.freeze({ baseUrl: parseBaseUrl(apiUrl ?? DEFAULT_IDV_API_URL), sdkId, privateKey: loadPrivateKey("YOTI_KEY_FILE_PATH", keyPath!) });
}

/** Reads the upstream section. */
export function loadUpstreamSection(e: Env, production: boolean): UpstreamSection {
  const tuning: UpstreamTuning = Object.freeze({
    timeoutMs: e.YOTI_TIMEOUT_MS,
    deadlineMs: e.YOTI_DEADLINE_MS,
    retries: e.YOTI_RETRIES,
    maxConcurrency: e.YOTI_MAX_CONCURRENCY,
    maxPerSession: e.YOTI_MAX_PER_SESSION,
    circuitCooldownMs: e.YOTI_CIRCUIT_COOLDOWN_MS,
    supportedDocumentsTtlSeconds: e.YOTI_SUPPORTED_DOCUMENTS_TTL_SECONDS,
  });
  return Object.freeze({ tuning, credentials: credentials(e, production) });
}

/** The upstream config for the embedded emulator, with the same tuning as a real upstream. */
export function emulatorUpstream(tuning: UpstreamTuning, baseUrl: string, sdkId: string, keyFile: string): UpstreamConfig {
  return Object.freeze({ baseUrl, sdkId, privateKey: loadPrivateKey("embedded emulator key", keyFile), ...tuning });
}
