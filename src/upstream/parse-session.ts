import { RESOURCE_LIST_KEYS, type WireSession } from "./wire/index.js";
import { upstreamBadResponseError } from "./upstream-error.js";

const ENDPOINT = "GET /sessions/:id";

/** A JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Absent and null lists are fine; anything else must be an array of objects. */
function isObjectList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.every(isPlainObject));
}

/**
 * Parses a session body once and checks the skeleton the graph walks (objects and lists).
 * Scalars are left to GraphQL's own serialisation, so one odd scalar fails one field, not the session.
 */
export function parseSessionBody(body: string, status: number): WireSession {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Not JSON: left undefined, and refused by the shape check below with the same error.
  }
  if (!isPlainObject(parsed) || !isObjectList(parsed.checks)) throw upstreamBadResponseError(ENDPOINT, status);
  const resources = parsed.resources;
  if (resources !== undefined && resources !== null) {
    // Node accepts `[]` as an empty container; so do we.
    if (Array.isArray(resources)) {
      if (resources.length > 0) throw upstreamBadResponseError(ENDPOINT, status);
      parsed.resources = {};
    } else if (!isPlainObject(resources)) {
      throw upstreamBadResponseError(ENDPOINT, status);
    } else {
      for (const key of RESOURCE_LIST_KEYS) {
        const list = resources[key];
        if (!isObjectList(list)) throw upstreamBadResponseError(ENDPOINT, status);
        if (Array.isArray(list) && !list.every((r) => isObjectList((r as Record<string, unknown>).tasks))) {
          throw upstreamBadResponseError(ENDPOINT, status);
        }
      }
    }
  }
  return parsed as WireSession;
}
