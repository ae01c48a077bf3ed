import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ConfigurationEverywhereDocument,
  SessionDevicesDocument,
  SessionProgressDocument,
  SupportedDocumentsDocument,
  SupportedDocumentsTwiceDocument,
} from "../generated/graphql.js";
import { demoCopy, demoSession } from "../support/demo-data.js";
import { collect, parkedSession, startLiveStack, wsClient } from "../support/live.js";
import { startStack, type Stack } from "../support/stack.js";
import { apiKeyEntry, bearer } from "../support/tokens.js";

const approved = demoSession("approved").session_id as string;
const ongoing = demoSession("ongoing").session_id as string;
const unknownTypes = demoSession("unknown-types").session_id as string;
const KEYS = { reader: `rk_${randomUUID()}`, devices: `dk_${randomUUID()}` };
const codesAt = (errors: { path?: (string | number)[]; extensions?: { code?: string } }[] | undefined) =>
  Object.fromEntries((errors ?? []).map((e) => [(e.path ?? []).join("."), e.extensions?.code]));

describe("configuration, progress and devices of a session", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      auth: { apiKeys: [apiKeyEntry("reader", KEYS.reader, ["sessions:read"]), apiKeyEntry("devices", KEYS.devices, ["sessions:read", "devices:read"])] },
    });
  });
  afterAll(() => stack?.close());
  beforeEach(() => stack.emulator.resetStats());

  it("an ongoing session: none of 5 requested checks done, its document captured, liveness and proof of address still missing", async () => {
    const res = await stack.queryAs(bearer(KEYS.reader), SessionProgressDocument, { id: ongoing });
    expect(res.errors).toBeUndefined();
    const s = res.data!.session!;
    expect(s.progress).toMatchObject({ requestedChecks: 5, requestedChecksDone: 0, requiredResources: 3, requiredResourcesCaptured: 1 });
    expect(s.progress!.checks.find((c) => c.type === "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK")).toEqual({ type: "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK", states: [], present: false, done: false });
    expect(s.progress!.checks.find((c) => c.type === "ID_DOCUMENT_AUTHENTICITY")).toEqual({ type: "ID_DOCUMENT_AUTHENTICITY", states: ["PENDING"], present: true, done: false });
    expect(s.progress!.checksByState).toEqual(expect.arrayContaining([{ state: "CREATED", count: 2 }, { state: "PENDING", count: 1 }, { state: "READY", count: 1 }]));
    const missing = s.progress!.resources.filter((r) => r.captured === false).map((r) => [r.type, r.objective]);
    expect(missing).toEqual([["LIVENESS", null], ["SUPPLEMENTARY_DOCUMENT", "PROOF_OF_ADDRESS"]]);
    const document = demoSession("ongoing").resources.id_documents[0];
    expect(s.progress!.resources[0]).toMatchObject({ type: "ID_DOCUMENT", captured: true, resourceId: document.id });

    const config = s.configuration!;
    expect(config.sessionId).toBe(ongoing);
    const kinds = config.capture!.requiredResources!.map((r) => r.__typename);
    expect(kinds).toEqual(["RequiredIdDocument", "RequiredLiveness", "RequiredSupplementaryDocument"]);
    const idDocument = config.capture!.requiredResources![0]!;
    expect(idDocument.attemptsRemaining).toEqual([{ type: "GENERIC", count: 3 }, { type: "RECLASSIFICATION", count: 2 }]);
    expect(idDocument.requestedTasks).toEqual([{ type: "ID_DOCUMENT_TEXT_DATA_EXTRACTION", state: "REQUIRED" }]);
    expect(idDocument.__typename === "RequiredIdDocument" && idDocument.allowedCaptureMethods).toBe("CAMERA_AND_UPLOAD");
    // Both fields read one configuration: a single GET.
    expect(stack.emulator.stats().configurationGets).toEqual({ [ongoing]: 1 });
  });

  it("a completed session: every requested check done and every required resource captured", async () => {
    const res = await stack.queryAs(bearer(KEYS.reader), SessionProgressDocument, { id: approved });
    expect(res.errors).toBeUndefined();
    const p = res.data!.session!.progress!;
    expect(p.requestedChecksDone).toBe(p.requestedChecks);
    expect(p.requestedChecks).toBe(4);
    expect(p.requiredResourcesCaptured).toBe(p.requiredResources);
    expect(p.checksByState).toEqual([{ state: "DONE", count: 4 }]);
  });

  it("reads a session's configuration once per request, however many fields and aliases select it", async () => {
    const res = await stack.queryAs(bearer(KEYS.reader), ConfigurationEverywhereDocument, { ids: [approved, ongoing, approved.toUpperCase()] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.sessions.map((s) => s!.again!.sessionId)).toEqual([approved, ongoing, approved]);
    expect(stack.emulator.stats().configurationGets).toEqual({ [approved]: 1, [ongoing]: 1 });
    // A second request reads again: the dedup is per request.
    await stack.queryAs(bearer(KEYS.reader), ConfigurationEverywhereDocument, { ids: [approved] });
    expect(stack.emulator.stats().configurationGets).toEqual({ [approved]: 2, [ongoing]: 1 });
  });

  it("an unknown required-resource type and unknown allowed source resolve as themselves without failing the session", async () => {
    const res = await stack.queryAs(bearer(KEYS.reader), SessionProgressDocument, { id: unknownTypes });
    expect(res.errors).toBeUndefined();
    const s = res.data!.session!;
    const unknown = s.configuration!.capture!.requiredResources!.find((r) => r.type === "PROOF_OF_LIFE_VIDEO")!;
    expect(unknown).toMatchObject({ __typename: "GenericRequiredResource", state: "AWAITING_UPLOAD", allowedSources: [{ type: "KIOSK", allowedProviders: null }], attemptsRemaining: [{ type: "GENERIC", count: 1 }] });
    expect(s.progress!.resources.find((r) => r.type === "PROOF_OF_LIFE_VIDEO")!.captured).toBeNull();
    expect(s.configuration!.capture!.requiredResources!.find((r) => r.__typename === "RequiredIdDocument")!.allowedSources).toEqual([
      { type: "IBV", allowedProviders: ["UK_POST_OFFICE"] },
      { type: "END_USER", allowedProviders: null },
    ]);
  });

  it("a caller without devices:read gets FORBIDDEN for trackedDevices, and Yoti is not asked", async () => {
    const res = await stack.queryAs(bearer(KEYS.reader), SessionDevicesDocument, { id: approved });
    expect(res.data!.session!.state).toBe("COMPLETED");
    expect(res.data!.session!.trackedDevices).toBeNull();
    expect(codesAt(res.errors)).toEqual({ "session.trackedDevices": "FORBIDDEN" });
    expect(res.errors![0]!.message).toContain("devices:read");
    expect(stack.emulator.stats().trackedDevicesGets).toEqual({});
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 1 });
  });

  it("a caller with devices:read gets the events with their devices", async () => {
    const res = await stack.queryAs(bearer(KEYS.devices), SessionDevicesDocument, { id: approved });
    expect(res.errors).toBeUndefined();
    const events = res.data!.session!.trackedDevices!;
    const resources = demoSession("approved").resources;
    expect(events.map((e) => e.event)).toEqual(["CONFIG_FIRST_LOADED", "RESOURCE_CREATED", "RESOURCE_CREATED", "CLIENT_SESSION_TOKEN_DELETED"]);
    expect(events.filter((e) => e.resourceId).map((e) => e.resourceId)).toEqual([resources.id_documents[0].id, resources.liveness_capture[0].id]);
    expect(events[0]!.device!.ipAddress).toMatch(/^(203\.0\.113|198\.51\.100)\./);
    expect(stack.emulator.stats().trackedDevicesGets).toEqual({ [approved]: 1 });
  });

  it("device events with missing or odd fields resolve field by field, never failing the session", async () => {
    const id = randomUUID();
    stack.emulator.addSession(id, demoCopy("approved", id));
    stack.emulator.setSessionReads(id, {
      trackedDevices: [
        { event: "RESOURCE_CREATED" },
        { created: "2025-10-14T09:12:30Z", device: {} },
        { event: "CONFIG_FIRST_LOADED", created: "2022-02-30T10:00:00Z", device: { ip_address: ["203.0.113.9"], os_name: "iOS" } },
      ],
    });
    const res = await stack.queryAs(bearer(KEYS.devices), SessionDevicesDocument, { id });
    const s = res.data!.session!;
    expect(s.state).toBe("COMPLETED");
    expect(s.trackedDevices!.map((e) => [e.event, e.created, e.device?.osName ?? null])).toEqual([
      ["RESOURCE_CREATED", null, null],
      [null, "2025-10-14T09:12:30Z", null],
      ["CONFIG_FIRST_LOADED", null, "iOS"],
    ]);
    expect(codesAt(res.errors)).toEqual({ "session.trackedDevices.2.created": "UPSTREAM_BAD_RESPONSE", "session.trackedDevices.2.device.ipAddress": "UPSTREAM_BAD_RESPONSE" });
    // The error never quotes the device's data.
    expect(JSON.stringify(res.errors)).not.toContain("203.0.113.9");
  });

  it("a configuration that is not Yoti's shape fails configuration and progress only", async () => {
    const id = randomUUID();
    stack.emulator.addSession(id, demoCopy("approved", id));
    stack.emulator.setSessionReads(id, { configuration: { session_id: id, capture: "camera" } });
    const res = await stack.queryAs(bearer(KEYS.reader), SessionProgressDocument, { id });
    expect(res.data!.session!.state).toBe("COMPLETED");
    expect(res.data!.session!.configuration).toBeNull();
    expect(res.data!.session!.progress).toBeNull();
    expect(codesAt(res.errors)).toEqual({ "session.configuration": "UPSTREAM_BAD_RESPONSE", "session.progress": "UPSTREAM_BAD_RESPONSE" });
    // Both failed fields shared the one read.
    expect(stack.emulator.stats().configurationGets).toEqual({ [id]: 1 });
  });
});

describe("supported documents", () => {
  let cached: Stack;
  let uncached: Stack;
  beforeAll(async () => {
    [cached, uncached] = await Promise.all([startStack(), startStack({ tuning: { supportedDocumentsTtlSeconds: 0 } })]);
  });
  afterAll(async () => {
    await cached?.close();
    await uncached?.close();
  });

  it("lists countries and their documents, non-Latin ones only when asked for", async () => {
    const latin = await cached.query(SupportedDocumentsDocument, {});
    const all = await cached.query(SupportedDocumentsDocument, { includeNonLatin: true });
    expect(latin.errors).toBeUndefined();
    const docs = (r: typeof latin) => r.data!.supportedDocuments!.supportedCountries!.flatMap((c) => c.supportedDocuments ?? []);
    expect(docs(latin).every((d) => d.isStrictlyLatin === true)).toBe(true);
    expect(docs(all).filter((d) => d.isStrictlyLatin === false).length).toBeGreaterThan(0);
    const gbr = all.data!.supportedDocuments!.supportedCountries!.find((c) => c.code === "GBR")!;
    expect(gbr.supportedDocuments!.find((d) => d.type === "DRIVING_LICENCE")!.requirements).toEqual({ dateFrom: "2012-10-31" });
  });

  it("is read once per includeNonLatin value across requests while the TTL lasts; a failed read is not kept", async () => {
    const fresh = await startStack();
    try {
      fresh.emulator.setFault("supported-documents", { status: 404, times: 1 });
      const failed = await fresh.query(SupportedDocumentsDocument, {});
      expect(failed.data!.supportedDocuments).toBeNull();
      expect(codesAt(failed.errors)).toEqual({ supportedDocuments: "NOT_FOUND" });
      for (let i = 0; i < 3; i++) {
        const res = await fresh.query(SupportedDocumentsTwiceDocument, {});
        expect(res.errors).toBeUndefined();
      }
      // The failure, then one read per value; every later request was answered from memory.
      expect(fresh.emulator.stats().supportedDocumentsGets).toBe(3);
      expect(fresh.emulator.stats().rejected).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it("with YOTI_SUPPORTED_DOCUMENTS_TTL_SECONDS=0, once per value per request", async () => {
    uncached.emulator.resetStats();
    const res = await uncached.query(SupportedDocumentsTwiceDocument, {});
    expect(res.errors).toBeUndefined();
    expect(res.data!.latin).toEqual(res.data!.again);
    expect(res.data!.all!.supportedCountries!.length).toBeGreaterThan(res.data!.latin!.supportedCountries!.length);
    expect(uncached.emulator.stats().supportedDocumentsGets).toBe(2);
    await uncached.query(SupportedDocumentsTwiceDocument, {});
    expect(uncached.emulator.stats().supportedDocumentsGets).toBe(4);
  });
});

describe("the request budget", () => {
  it("counts each read like a session read: beyond GATEWAY_MAX_SESSIONS_PER_REQUEST a field is BAD_USER_INPUT and never fetched", async () => {
    const stack = await startStack({ limits: { maxSessionsPerRequest: 1 }, tuning: { supportedDocumentsTtlSeconds: 0 } });
    try {
      const res = await stack.query(SupportedDocumentsTwiceDocument, {});
      // `latin` and `again` are one read (includeNonLatin false); `all` would be a second.
      expect(res.data!.latin).not.toBeNull();
      expect(res.data!.again).toEqual(res.data!.latin);
      expect(res.data!.all).toBeNull();
      expect(codesAt(res.errors)).toEqual({ all: "BAD_USER_INPUT" });
      expect(res.errors![0]!.message).toContain("GATEWAY_MAX_SESSIONS_PER_REQUEST");
      expect(stack.emulator.stats().supportedDocumentsGets).toBe(1);
      // One session, its configuration and its progress: one read each, within the budget.
      const one = await stack.query(SessionProgressDocument, { id: approved });
      expect(one.errors).toBeUndefined();
      expect(stack.emulator.stats().configurationGets).toEqual({ [approved]: 1 });
    } finally {
      await stack.close();
    }
  });
});

describe("in subscriptions", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startLiveStack();
  });
  afterAll(() => stack?.close());

  it("configuration, progress and devices are refused per event, unfetched, with a message saying to query over HTTP", async () => {
    const id = parkedSession(stack);
    const client = wsClient(stack.gateway.url);
    try {
      const sub = collect(client, `subscription($id: ID!) { sessionUpdated(id: $id) { session { state progress { requestedChecks } trackedDevices { event } } } }`, { id });
      const [first] = await sub.waitFor(1);
      expect(first!.data).toMatchObject({ sessionUpdated: { session: { state: "ONGOING", progress: null, trackedDevices: null } } });
      expect(codesAt(first!.errors as never)).toEqual({ "sessionUpdated.session.progress": "BAD_USER_INPUT", "sessionUpdated.session.trackedDevices": "BAD_USER_INPUT" });
      expect(first!.errors![0]!.message).toContain("query it over HTTP");
      expect(stack.emulator.stats().configurationGets[id]).toBeUndefined();
      expect(stack.emulator.stats().trackedDevicesGets[id]).toBeUndefined();
      sub.stop();
    } finally {
      await client.dispose();
    }
  });
});
