import { generateKeyPairSync, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { demoSession, demoSessions } from "../support/demo-data.js";
import { emulatorForSuite, signedGet } from "./helpers.js";

const approved = demoSession("approved").session_id as string;

/** Which configuration type each resource list is required as. */
const REQUIRED_TYPE: Record<string, string> = {
  id_documents: "ID_DOCUMENT",
  supplementary_documents: "SUPPLEMENTARY_DOCUMENT",
  liveness_capture: "LIVENESS",
  face_capture: "FACE_CAPTURE",
};

describe("emulator: configuration, tracked devices, supported documents", () => {
  const em = emulatorForSuite({}, { isolate: true });

  it("serves every demo session's configuration, requesting each check type it ran and requiring each resource it holds", async () => {
    for (const { name, body } of demoSessions()) {
      const res = await signedGet(em(), `/sessions/${body.session_id}/configuration`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get("content-type"), name).toBe("application/json");
      const config = (await res.json()) as Record<string, any>;
      expect(config.session_id, name).toBe(body.session_id);
      expect(typeof config.client_session_token_ttl, name).toBe("number");
      expect(typeof config.capture.biometric_consent, name).toBe("string");
      const ran = new Set((body.checks ?? []).map((c: { type: string }) => c.type));
      for (const type of ran) expect(config.requested_checks, name).toContain(type);
      const required = (config.capture.required_resources as { type: string }[]).map((r) => r.type);
      for (const [list, type] of Object.entries(REQUIRED_TYPE)) {
        const held = (body.resources?.[list] ?? []).length;
        expect(required.filter((t) => t === type).length, `${name} ${list}`).toBeGreaterThanOrEqual(held);
      }
      for (const r of config.capture.required_resources.filter((r: { type: string }) => r.type === "ID_DOCUMENT")) {
        expect(typeof r.allowed_capture_methods, name).toBe("string");
        expect(r.attempts_remaining, name).toEqual(expect.any(Object));
      }
    }
  });

  it("serves every demo session's device events: one RESOURCE_CREATED per resource, each with a device", async () => {
    for (const { name, body } of demoSessions()) {
      const res = await signedGet(em(), `/sessions/${body.session_id}/tracked-devices`);
      expect(res.status, name).toBe(200);
      const events = (await res.json()) as { event: string; created: string; resource_id?: string; device: object }[];
      expect(Array.isArray(events), name).toBe(true);
      expect(events[0]?.event, name).toBe("CONFIG_FIRST_LOADED");
      const resourceIds = Object.keys(REQUIRED_TYPE).flatMap((list) => (body.resources?.[list] ?? []).map((r: { id: string }) => r.id));
      expect(events.filter((e) => e.event === "RESOURCE_CREATED").map((e) => e.resource_id), name).toEqual(resourceIds);
      for (const e of events) {
        expect(Number.isNaN(Date.parse(e.created)), name).toBe(false);
        expect(e.device, name).toEqual(expect.any(Object));
      }
    }
  });

  it("ongoing: still requires a liveness and a proof of address it has not got", async () => {
    const config = (await (await signedGet(em(), `/sessions/${demoSession("ongoing").session_id}/configuration`)).json()) as Record<string, any>;
    const objectives = config.capture.required_resources.map((r: { objective?: { type: string } }) => r.objective?.type).filter(Boolean);
    expect(objectives).toEqual(["PROOF_OF_ADDRESS"]);
    expect(config.requested_checks).toContain("SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK");
  });

  it("refuses unsigned and forged reads with 401 and answers 404 for an unknown session", async () => {
    for (const path of ["configuration", "tracked-devices"]) {
      const unsigned = await fetch(`${em().baseUrl}/sessions/${approved}/${path}`);
      expect(unsigned.status).toBe(401);
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      expect((await signedGet(em(), `/sessions/${approved}/${path}`, { key: privateKey })).status).toBe(401);
      expect((await signedGet(em(), `/sessions/${randomUUID()}/${path}`)).status).toBe(404);
    }
    expect(em().stats().rejected).toBe(4);
    expect(em().stats().configurationGets[approved]).toBeUndefined();
  });

  it("serves supported documents unsigned, without non-Latin documents unless asked for, counting each", async () => {
    const latin = (await (await fetch(`${em().baseUrl}/supported-documents`)).json()) as { supported_countries: { supported_documents: { is_strictly_latin: boolean }[] }[] };
    const all = (await (await fetch(`${em().baseUrl}/supported-documents?includeNonLatin=true`)).json()) as typeof latin;
    const docs = (body: typeof latin) => body.supported_countries.flatMap((c) => c.supported_documents);
    expect(docs(latin).every((d) => d.is_strictly_latin)).toBe(true);
    expect(docs(all).some((d) => !d.is_strictly_latin)).toBe(true);
    expect(docs(all).length).toBeGreaterThan(docs(latin).length);
    expect(em().stats().supportedDocumentsGets).toBe(2);
    expect(em().stats().rejected).toBe(0);
  });

  it("injects faults into configuration and device reads like session reads, and counts the failed attempts", async () => {
    em().setFault(approved, { status: 503, times: 2 });
    expect((await signedGet(em(), `/sessions/${approved}/configuration`)).status).toBe(503);
    expect((await signedGet(em(), `/sessions/${approved}/tracked-devices`)).status).toBe(503);
    expect((await signedGet(em(), `/sessions/${approved}/configuration`)).status).toBe(200);
    expect(em().stats()).toMatchObject({ configurationGets: { [approved]: 2 }, trackedDevicesGets: { [approved]: 1 } });
  });

  it("injects faults into supported documents under their own key", async () => {
    em().setFault("supported-documents", { status: 500, times: 1 });
    expect((await fetch(`${em().baseUrl}/supported-documents`)).status).toBe(500);
    expect((await fetch(`${em().baseUrl}/supported-documents`)).status).toBe(200);
  });

  it("serves a test's bodies verbatim for a session's configuration and devices", async () => {
    const id = randomUUID();
    em().addSession(id, { session_id: id, state: "ONGOING", checks: [] });
    em().setSessionReads(id, { trackedDevices: [{ event: "RESOURCE_CREATED" }] });
    expect(await (await signedGet(em(), `/sessions/${id}/tracked-devices`)).json()).toEqual([{ event: "RESOURCE_CREATED" }]);
    // The configuration is still derived from the body.
    expect(((await (await signedGet(em(), `/sessions/${id}/configuration`)).json()) as { session_id: string }).session_id).toBe(id);
  });
});
