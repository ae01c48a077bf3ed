import { check, idDocumentResource, LIVE_CHECK_TYPES, livenessResource, type LiveIds } from "./live-demo-parts.js";
import type { NotifyIds } from "./notifier.js";

/** Fixed id of the bundled live demo session (listed as "live-demo"); tests play their own ids instead. */
export const LIVE_DEMO_SESSION_ID = "c0ffee00-1d0c-4a11-9e55-000000000001";
/** Name the live demo is listed under in `sessions`. */
export const LIVE_DEMO_NAME = "live-demo";

/** The notification a step triggers (the sender adds the session id). */
export interface StepNotification {
  topic: string;
  ids: NotifyIds;
}

// Steps: 1 initial, 2 document, 3 selfie, 4 text extraction, 5-8 one check DONE each, 9 COMPLETED.
const FIRST_CHECK_DONE = 5;
/** Number of steps from the initial state to COMPLETED. */
export const LIVE_STEP_COUNT = FIRST_CHECK_DONE + LIVE_CHECK_TYPES.length;

/**
 * The session body once `stamps.length` steps have happened, `stamps[i]` being when step i + 1 did.
 * Each part carries the time of the step that last changed it, so last_updated only moves when something did.
 */
export function liveSessionBody(ids: LiveIds, stamps: readonly string[]) {
  const step = stamps.length;
  const at = (n: number) => stamps[n - 1]!;
  const checks =
    step < 4
      ? []
      : LIVE_CHECK_TYPES.map((type, i) => {
          const doneStep = FIRST_CHECK_DONE + i;
          // Checks run one at a time: PENDING from the step before their own, DONE at it, CREATED until then.
          const state = step >= doneStep ? "DONE" : step >= doneStep - 1 ? "PENDING" : "CREATED";
          const changed = state === "DONE" ? doneStep : state === "PENDING" ? Math.max(4, doneStep - 1) : 4;
          return check(ids, type, state, at(4), at(changed));
        });
  return {
    client_session_token_ttl: 599,
    session_id: ids.session,
    user_tracking_id: "live-demo-user",
    state: step >= LIVE_STEP_COUNT ? "COMPLETED" : "ONGOING",
    client_session_token: ids.clientSessionToken,
    ...(step >= 3 ? { biometric_consent: at(3) } : {}),
    resources: {
      id_documents: step >= 2 ? [idDocumentResource(ids, at(2), step >= 4 ? at(4) : undefined)] : [],
      supplementary_documents: [],
      liveness_capture: step >= 3 ? [livenessResource(ids, at(3))] : [],
      face_capture: [],
      share_codes: [],
    },
    checks,
  };
}

/** What Yoti would notify once step `step` (1-based) has happened; the initial step notifies nothing. */
export function liveStepNotification(ids: LiveIds, step: number): StepNotification | undefined {
  if (step === 2) return { topic: "resource_update", ids: { resource_id: ids.idDocument } };
  if (step === 3) return { topic: "resource_update", ids: { resource_id: ids.liveness } };
  if (step === 4) return { topic: "task_completion", ids: { task_id: ids.textExtraction } };
  const checkType = LIVE_CHECK_TYPES[step - FIRST_CHECK_DONE];
  if (checkType) return { topic: "check_completion", ids: { check_id: ids.checks[checkType] } };
  if (step === LIVE_STEP_COUNT) return { topic: "session_completion", ids: {} };
  return undefined;
}
