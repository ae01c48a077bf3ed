import { derivedUuid } from "./derived-ids.js";

/**
 * How a session's configuration and tracked devices differ from what its body implies: the checks
 * requested, the resources required (replacing the derived ones, or added to them) and more events.
 */
export interface SessionReadPlan {
  requested_checks?: unknown[];
  required_resources?: unknown[];
  more_required_resources?: unknown[];
  more_events?: unknown[];
}

/** Bodies a test serves verbatim for a session's configuration and tracked devices (malformed ones included). */
export interface SessionReadOverrides {
  configuration?: unknown;
  trackedDevices?: unknown;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

// Fake devices (addresses from the documentation ranges 203.0.113.0/24 and 198.51.100.0/24); a session picks one by its id.
const DEVICES: readonly Obj[] = [
  { ip_address: "203.0.113.24", ip_iso_country_code: "GBR", manufacture_name: "Apple", model_name: "iPhone 15", os_name: "iOS", os_version: "17.4", browser_name: "Safari", browser_version: "17.4", locale: "en-GB", client_version: "2.14.0" },
  { ip_address: "198.51.100.7", ip_iso_country_code: "GBR", manufacture_name: "Google", model_name: "Pixel 8", os_name: "Android", os_version: "14", browser_name: "Chrome", browser_version: "124.0.6367.82", locale: "en-GB", client_version: "2.14.0" },
  // A desktop browser: no manufacturer or model, as Yoti omits what it cannot tell.
  { ip_address: "203.0.113.150", ip_iso_country_code: "IRL", os_name: "Windows", os_version: "11", browser_name: "Firefox", browser_version: "125.0", locale: "en-IE", client_version: "2.14.0" },
];

/** The resource lists a configuration requires, by the required-resource type each answers. */
const REQUIRED_BY_LIST: readonly [list: string, type: string][] = [
  ["id_documents", "ID_DOCUMENT"],
  ["supplementary_documents", "SUPPLEMENTARY_DOCUMENT"],
  ["liveness_capture", "LIVENESS"],
  ["face_capture", "FACE_CAPTURE"],
];

function allowedSources(resource: Obj): Obj[] {
  const source = isObj(resource.source) ? str(resource.source.type) : undefined;
  if (source === "IBV") return [{ type: "IBV", allowed_providers: ["UK_POST_OFFICE"] }, { type: "END_USER" }];
  if (source === "RELYING_BUSINESS") return [{ type: "RELYING_BUSINESS" }];
  return [{ type: "END_USER" }];
}

function requestedTasks(resource: Obj): Obj[] {
  return objects(resource.tasks).flatMap((t) => (str(t.type) ? [{ type: t.type, state: "REQUIRED" }] : []));
}

/** The requirement a supplied resource answered, in the shape Yoti's configuration has for its type. */
function requirementFor(sessionId: string, type: string, resource: Obj): Obj {
  const base: Obj = { type, id: derivedUuid(sessionId, `required:${String(resource.id)}`), state: "REQUIRED", allowed_sources: allowedSources(resource) };
  const country = str(resource.issuing_country);
  const documentType = str(resource.document_type);
  switch (type) {
    case "ID_DOCUMENT":
      return {
        ...base,
        requested_tasks: requestedTasks(resource),
        allowed_capture_methods: "CAMERA_AND_UPLOAD",
        attempts_remaining: { GENERIC: 3, RECLASSIFICATION: 2 },
        ...(country && documentType ? { supported_countries: [{ code: country, supported_documents: [{ type: documentType }] }] } : {}),
      };
    case "SUPPLEMENTARY_DOCUMENT":
      return {
        ...base,
        requested_tasks: requestedTasks(resource),
        document_types: documentType ? [documentType] : [],
        country_codes: country ? [country] : [],
        objective: { type: "PROOF_OF_ADDRESS" },
      };
    case "LIVENESS":
      return { ...base, liveness_type: str(resource.liveness_type) ?? "ZOOM" };
    default:
      return base;
  }
}

/**
 * The body of `GET /sessions/{id}/configuration` for a session: the check types it ran and one
 * required resource per resource it holds (Yoti's shapes, with every field its SDKs require), as
 * the plan adjusts them.
 */
export function configurationFor(body: unknown, plan: SessionReadPlan = {}): Obj {
  const session = isObj(body) ? body : {};
  const sessionId = str(session.session_id) ?? "";
  const ran = [...new Set(objects(session.checks).flatMap((c) => (str(c.type) ? [c.type as string] : [])))];
  const resources = isObj(session.resources) ? session.resources : {};
  const derived = REQUIRED_BY_LIST.flatMap(([list, type]) => objects(resources[list]).map((r) => requirementFor(sessionId, type, r)));
  return {
    client_session_token_ttl: typeof session.client_session_token_ttl === "number" ? session.client_session_token_ttl : 0,
    session_id: sessionId,
    requested_checks: plan.requested_checks ?? ran,
    capture: {
      biometric_consent: str(session.biometric_consent) ?? "",
      required_resources: [...(plan.required_resources ?? derived), ...(plan.more_required_resources ?? [])],
    },
  };
}

/** The first string among `candidates` (timestamps of the session), or a fixed fallback. */
function firstTime(...candidates: unknown[]): string {
  return candidates.map(str).find((t) => t !== undefined) ?? "2025-01-01T00:00:00Z";
}

/**
 * The body of `GET /sessions/{id}/tracked-devices` for a session: the configuration's first load,
 * one RESOURCE_CREATED per resource, and the token's deletion once the session completed; plus the plan's events.
 */
export function trackedDevicesFor(body: unknown, plan: SessionReadPlan = {}): Obj[] {
  const session = isObj(body) ? body : {};
  const sessionId = str(session.session_id) ?? "";
  const device = DEVICES[parseInt(derivedUuid(sessionId, "device").slice(0, 2), 16) % DEVICES.length]!;
  const checks = objects(session.checks);
  const resources = isObj(session.resources) ? session.resources : {};
  const supplied = REQUIRED_BY_LIST.flatMap(([list]) => objects(resources[list]));
  const start = firstTime(session.biometric_consent, ...supplied.map((r) => r.created_at), ...checks.map((c) => c.created));
  const events: Obj[] = [{ event: "CONFIG_FIRST_LOADED", created: start, device }];
  for (const r of supplied) events.push({ event: "RESOURCE_CREATED", created: firstTime(r.created_at, start), resource_id: r.id, device });
  if (session.state === "COMPLETED") events.push({ event: "CLIENT_SESSION_TOKEN_DELETED", created: firstTime(...checks.map((c) => c.last_updated).reverse(), start), device });
  return [...events, ...(plan.more_events ?? []).filter(isObj)];
}
