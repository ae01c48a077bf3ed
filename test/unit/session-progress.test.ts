import { describe, expect, it } from "vitest";
import { sessionProgress } from "../../src/schema/session-progress.js";
import type { WireSession, WireSessionConfiguration } from "../../src/upstream/wire/index.js";

const config = (requested: unknown[], required: unknown[]): WireSessionConfiguration =>
  ({ requested_checks: requested, capture: { biometric_consent: "", required_resources: required } }) as WireSessionConfiguration;

describe("session progress (derived from the configuration and the session)", () => {
  it("a requested type is done only when it is present and every check of it is DONE; states are counted", () => {
    const session: WireSession = {
      checks: [
        { type: "ID_DOCUMENT_AUTHENTICITY", state: "DONE" },
        { type: "ID_DOCUMENT_AUTHENTICITY", state: "PENDING" },
        { type: "LIVENESS", state: "DONE" },
        { type: "WATCHLIST_SCREENING", state: "INTERNAL ERROR" },
        { type: "NOT_REQUESTED", state: "DONE" },
      ],
    };
    const p = sessionProgress(session, config(["ID_DOCUMENT_AUTHENTICITY", "LIVENESS", "WATCHLIST_SCREENING", "ID_DOCUMENT_FACE_MATCH", "LIVENESS"], []));
    expect(p.requestedChecks).toBe(4);
    expect(p.requestedChecksDone).toBe(1);
    expect(p.checks).toEqual([
      { type: "ID_DOCUMENT_AUTHENTICITY", states: ["DONE", "PENDING"], present: true, done: false },
      { type: "LIVENESS", states: ["DONE"], present: true, done: true },
      { type: "WATCHLIST_SCREENING", states: ["INTERNAL_ERROR"], present: true, done: false },
      { type: "ID_DOCUMENT_FACE_MATCH", states: [], present: false, done: false },
    ]);
    // Checks of types nobody requested are not counted.
    expect(p.checksByState).toEqual([
      { state: "DONE", count: 2 },
      { state: "PENDING", count: 1 },
      { state: "INTERNAL_ERROR", count: 1 },
    ]);
  });

  it("matches required resources to supplied ones in order, liveness by its type, unknown types as unknown", () => {
    const session: WireSession = {
      resources: {
        id_documents: [{ id: "doc-1" }],
        liveness_capture: [{ id: "zoom-1", liveness_type: "ZOOM" }],
        supplementary_documents: [],
      },
    };
    const p = sessionProgress(
      session,
      config(
        [],
        [
          { type: "ID_DOCUMENT", id: "r1" },
          { type: "ID_DOCUMENT", id: "r2" },
          { type: "LIVENESS", id: "r3", liveness_type: "STATIC" },
          { type: "LIVENESS", id: "r4", liveness_type: "ZOOM" },
          { type: "SUPPLEMENTARY_DOCUMENT", id: "r5", objective: { type: "PROOF_OF_ADDRESS" } },
          { type: "HOLOGRAM", id: "r6" },
        ],
      ),
    );
    expect(p.resources.map((r) => [r.id, r.captured, r.resourceId, r.objective])).toEqual([
      ["r1", true, "doc-1", null],
      ["r2", false, null, null],
      ["r3", false, null, null],
      ["r4", true, "zoom-1", null],
      ["r5", false, null, "PROOF_OF_ADDRESS"],
      ["r6", null, null, null],
    ]);
    expect([p.requiredResources, p.requiredResourcesCaptured]).toEqual([6, 2]);
  });

  it("reads malformed parts of either body as absent rather than failing", () => {
    const session = { checks: "none", resources: [] } as unknown as WireSession;
    const odd = { requested_checks: [42, null, { type: "LIVENESS" }, "LIVENESS"], capture: { required_resources: ["x", { type: 7 }] } } as unknown as WireSessionConfiguration;
    const p = sessionProgress(session, odd);
    expect(p.checks).toEqual([{ type: "LIVENESS", states: [], present: false, done: false }]);
    expect(p.resources).toEqual([{ id: null, type: null, objective: null, captured: null, resourceId: null }]);
    expect(sessionProgress({}, {} as WireSessionConfiguration)).toMatchObject({ requestedChecks: 0, requiredResources: 0, checks: [], resources: [] });
  });
});
