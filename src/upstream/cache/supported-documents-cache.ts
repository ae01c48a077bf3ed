import type { ReadApiSource } from "../read-api-client.js";
import { SUPPORTED_DOCUMENTS_ENDPOINT } from "../read-api-client.js";
import type { CallOptions } from "../upstream-read.js";
import type { WireSupportedDocuments } from "../wire/index.js";
import { deepFreeze } from "./deep-freeze.js";
import { SharedFetch } from "./shared-fetch.js";

interface Held {
  readonly body: WireSupportedDocuments;
  readonly expiresAt: number;
}

/**
 * Yoti's supported documents across requests: public and the same for every caller, so one body per
 * `includeNonLatin` value is kept `ttlSeconds` (YOTI_SUPPORTED_DOCUMENTS_TTL_SECONDS) and shared
 * by every request; concurrent misses share one GET. Failures are never kept. 0 keeps nothing.
 */
export function cachedSupportedDocuments(read: ReadApiSource["getSupportedDocuments"], ttlSeconds: number, now: () => number = Date.now): ReadApiSource["getSupportedDocuments"] {
  if (ttlSeconds <= 0) return read;
  const held = new Map<boolean, Held>();
  const flights = new Map<boolean, SharedFetch<WireSupportedDocuments>>();
  return (includeNonLatin: boolean, call: CallOptions = {}) => {
    const hit = held.get(includeNonLatin);
    if (hit && hit.expiresAt > now()) return Promise.resolve(hit.body);
    let flight = flights.get(includeNonLatin);
    if (!flight) {
      const started = new SharedFetch<WireSupportedDocuments>(
        (signal) => read(includeNonLatin, { signal }),
        SUPPORTED_DOCUMENTS_ENDPOINT,
        () => flights.delete(includeNonLatin),
      );
      flight = started;
      flights.set(includeNonLatin, started);
      started.join().then(
        (body) => {
          // The body is handed to every request that reads it: frozen, so none can change another's.
          if (flights.get(includeNonLatin) === started) held.set(includeNonLatin, { body: deepFreeze(body), expiresAt: now() + ttlSeconds * 1000 });
        },
        () => {},
      ).finally(() => {
        if (flights.get(includeNonLatin) === started) flights.delete(includeNonLatin);
      });
    }
    return flight.join(call.signal);
  };
}
