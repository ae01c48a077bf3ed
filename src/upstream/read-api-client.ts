import { isPlainObject } from "./parse-session.js";
import type { RequestSigner } from "./sign-request.js";
import { upstreamBadResponseError } from "./upstream-error.js";
import { guardedRead, type CallOptions, type Upstream } from "./upstream-read.js";
import type { WireSessionConfiguration, WireSupportedDocuments, WireTrackedDeviceEvent } from "./wire/index.js";

/** The endpoint templates errors and metrics name for these reads. */
export const CONFIGURATION_ENDPOINT = "GET /sessions/:id/configuration";
export const TRACKED_DEVICES_ENDPOINT = "GET /sessions/:id/tracked-devices";
export const SUPPORTED_DOCUMENTS_ENDPOINT = "GET /supported-documents";

/** The slot key supported-documents reads queue under: they concern no session. */
export const SUPPORTED_DOCUMENTS_SLOT = "supported-documents";

/** The rest of Yoti's read API: a session's configuration and tracked devices, and the public supported documents. */
export interface ReadApiSource {
  /** `GET /sessions/{id}/configuration`; rejects with an UpstreamError. */
  getSessionConfiguration(sessionId: string, call?: CallOptions): Promise<WireSessionConfiguration>;
  /** `GET /sessions/{id}/tracked-devices`: the device events, personal data (IP addresses). */
  getTrackedDevices(sessionId: string, call?: CallOptions): Promise<WireTrackedDeviceEvent[]>;
  /** `GET /supported-documents[?includeNonLatin=true]`: public, the same for every caller. */
  getSupportedDocuments(includeNonLatin: boolean, call?: CallOptions): Promise<WireSupportedDocuments>;
}

/** Signs nothing: `GET /supported-documents` is public (Yoti's Java SDK sends it without any auth). */
export const unsignedRequest: RequestSigner = async () => {};

/** Parses a JSON body and checks its top-level shape; anything else is UPSTREAM_BAD_RESPONSE for `endpoint`. */
export function parseJsonBody<T>(body: string, status: number, endpoint: string, shape: (value: unknown) => boolean): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw upstreamBadResponseError(endpoint, status);
  }
  if (!shape(parsed)) throw upstreamBadResponseError(endpoint, status);
  return parsed as T;
}

/** Absent and null lists are fine; anything else must be an array of objects. */
function isObjectListOrAbsent(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.every(isPlainObject));
}

/**
 * A configuration's skeleton: an object whose `capture` (when sent) is an object with a list of
 * objects as `required_resources`. Scalars and inner lists are left to each field's own check, so
 * one odd value fails one field, and an unknown resource type fails nothing.
 */
export function isConfigurationShape(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const capture = value.capture;
  if (capture === undefined || capture === null) return true;
  return isPlainObject(capture) && isObjectListOrAbsent(capture.required_resources);
}

/** Tracked devices are a JSON array (the Node SDK refuses anything else); items are checked per field. */
export function isTrackedDevicesShape(value: unknown): boolean {
  return Array.isArray(value);
}

/**
 * The read-API half of the Yoti client: `reads` signs every attempt, as session reads do (same
 * deadline, slots, retries and circuit); `publicReads` is the same with no signature, for supported documents.
 */
export function readApiClient(reads: Upstream, publicReads: Upstream): ReadApiSource {
  return {
    getSessionConfiguration(sessionId, call = {}) {
      return guardedRead(reads, CONFIGURATION_ENDPOINT, sessionId, call, async (options) => {
        // The id was validated as a UUID before it got here, so it needs no escaping.
        const response = await reads.got.get(`sessions/${sessionId}/configuration`, { ...options, responseType: "text" });
        return parseJsonBody<WireSessionConfiguration>(response.body, response.statusCode, CONFIGURATION_ENDPOINT, isConfigurationShape);
      });
    },
    getTrackedDevices(sessionId, call = {}) {
      return guardedRead(reads, TRACKED_DEVICES_ENDPOINT, sessionId, call, async (options) => {
        const response = await reads.got.get(`sessions/${sessionId}/tracked-devices`, { ...options, responseType: "text" });
        return parseJsonBody<WireTrackedDeviceEvent[]>(response.body, response.statusCode, TRACKED_DEVICES_ENDPOINT, isTrackedDevicesShape);
      });
    },
    getSupportedDocuments(includeNonLatin, call = {}) {
      return guardedRead(publicReads, SUPPORTED_DOCUMENTS_ENDPOINT, SUPPORTED_DOCUMENTS_SLOT, call, async (options) => {
        // As Yoti's Node SDK: the flag is sent only when true.
        const searchParams = includeNonLatin ? { includeNonLatin: "true" } : undefined;
        const response = await publicReads.got.get("supported-documents", { ...options, searchParams, responseType: "text" });
        return parseJsonBody<WireSupportedDocuments>(response.body, response.statusCode, SUPPORTED_DOCUMENTS_ENDPOINT, isPlainObject);
      });
    },
  };
}
