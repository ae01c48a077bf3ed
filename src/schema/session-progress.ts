import { isPlainObject } from "../upstream/parse-session.js";
import type { WireResources, WireSession, WireSessionConfiguration } from "../upstream/wire/index.js";
import { normalizeToken } from "./normalize-token.js";
import type { RequestedCheckProgress, RequiredResourceProgress, SessionProgress, StateCount } from "./progress.js";

/** Which `resources` list answers each required-resource type; other types cannot be matched. */
const LIST_FOR_TYPE: ReadonlyMap<string, keyof WireResources> = new Map<string, keyof WireResources>([
  ["ID_DOCUMENT", "id_documents"],
  ["SUPPLEMENTARY_DOCUMENT", "supplementary_documents"],
  ["LIVENESS", "liveness_capture"],
  ["FACE_CAPTURE", "face_capture"],
]);

const asString = (value: unknown): string | null => (typeof value === "string" ? value : null);
const asObjects = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isPlainObject) : []);

/** The requested check types (distinct, in order) against the session's checks of each type. */
function checkProgress(session: WireSession, configuration: WireSessionConfiguration): { checks: RequestedCheckProgress[]; byState: StateCount[] } {
  // Strings in every SDK; a `{type}` object is read too, should Yoti ever send the create-side shape.
  const raw: unknown[] = Array.isArray(configuration.requested_checks) ? configuration.requested_checks : [];
  const requested = [...new Set(raw.map((c) => (isPlainObject(c) ? asString(c.type) : asString(c))).filter((t): t is string => t !== null))];
  const statesByType = new Map<string, string[]>();
  for (const check of asObjects(session.checks)) {
    const type = asString(check.type);
    if (type === null) continue;
    const state = asString(check.state);
    const list = statesByType.get(type) ?? [];
    // A check without a state still counts as present, as UNKNOWN.
    list.push(state === null ? "UNKNOWN" : normalizeToken(state));
    statesByType.set(type, list);
  }
  const counts = new Map<string, number>();
  const checks = requested.map((type) => {
    const states = statesByType.get(type) ?? [];
    for (const state of states) counts.set(state, (counts.get(state) ?? 0) + 1);
    return { type, states, present: states.length > 0, done: states.length > 0 && states.every((s) => s === "DONE") };
  });
  return { checks, byState: [...counts].map(([state, count]) => ({ state, count })) };
}

/** Each required resource against the supplied resources of its kind, matched in order (liveness also by liveness type). */
function resourceProgress(session: WireSession, configuration: WireSessionConfiguration): RequiredResourceProgress[] {
  const capture = isPlainObject(configuration.capture) ? configuration.capture : {};
  const resources = isPlainObject(session.resources) ? (session.resources as Record<string, unknown>) : {};
  const taken = new Set<Record<string, unknown>>();
  return asObjects(capture.required_resources).map((required) => {
    const type = asString(required.type);
    const list = type === null ? undefined : LIST_FOR_TYPE.get(type);
    const objective = isPlainObject(required.objective) ? asString(required.objective.type) : null;
    const base = { id: asString(required.id), type, objective };
    if (list === undefined) return { ...base, captured: null, resourceId: null };
    const livenessType = type === "LIVENESS" ? asString(required.liveness_type) : null;
    const match = asObjects(resources[list]).find((r) => !taken.has(r) && (livenessType === null || r.liveness_type === livenessType));
    if (match) taken.add(match);
    return { ...base, captured: match !== undefined, resourceId: match ? asString(match.id) : null };
  });
}

/**
 * A session's progress against its configuration: requested check types against the checks present
 * (by state), required resources against the resources supplied. Derived here: Yoti sends neither.
 * Reads both bodies defensively (they are Yoti's JSON): a malformed part counts as absent.
 */
export function sessionProgress(session: WireSession, configuration: WireSessionConfiguration): SessionProgress {
  const { checks, byState } = checkProgress(session, configuration);
  const resources = resourceProgress(session, configuration);
  return {
    requestedChecks: checks.length,
    requestedChecksDone: checks.filter((c) => c.done).length,
    checks,
    checksByState: byState,
    requiredResources: resources.length,
    requiredResourcesCaptured: resources.filter((r) => r.captured === true).length,
    resources,
  };
}
