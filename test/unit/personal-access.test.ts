import { execute, parse, type GraphQLSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessRecord, type PiiAccess } from "../../src/audit/access-record.js";
import type { Scope } from "../../src/config/security-config.js";
import { emulatorUpstream } from "../../src/config/upstream-config.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { ErrorCode } from "../../src/errors/error-codes.js";
import { createLoaders } from "../../src/loaders/loaders.js";
import { createRequestStats } from "../../src/loaders/request-stats.js";
import { buildGatewaySchema } from "../../src/schema/build-schema.js";
import { personalFields } from "../../src/schema/personal-data.js";
import type { ResolverContext } from "../../src/schema/resolver-context.js";
import { createYotiClient, type YotiClient } from "../../src/upstream/yoti-client.js";
import { DEFAULTS } from "../support/gateway-options.js";
import { addEveryFieldSession, personalReach, reachQuery, type Reach } from "../support/personal-reach.js";

// The built schema run with graphql-js over real loaders and the emulator, with a hand-made
// context: what each personal coordinate writes to the operation's AccessRecord.

const LABELS = { caller: "unit", issuer: null, transport: "http", requestId: "r1", traceId: null, purpose: null } as const;
const ALL_SCOPES: Scope[] = ["sessions:read", "media:read", "devices:read"];

/** `path` with list indices as any index: a list (tracked devices) puts one value at each. */
const pathLike = (path: readonly (string | number)[]) => path.map((p) => (typeof p === "number" ? expect.any(Number) : p));

describe("personal fields write the access record", () => {
  let emulator: Emulator;
  let client: YotiClient;
  let schema: GraphQLSchema;
  let session: ReturnType<typeof addEveryFieldSession>;
  let reach: Record<string, Reach>;

  beforeAll(async () => {
    schema = await buildGatewaySchema();
    emulator = await startEmulator();
    client = createYotiClient(emulatorUpstream(DEFAULTS.upstream.tuning, emulator.baseUrl, emulator.sdkId, emulator.keyFile));
    session = addEveryFieldSession(emulator);
    reach = personalReach(session.clientSessionToken);
  });
  afterAll(() => emulator?.close());

  /** Runs `query` as a caller whose pii access is `access`, and returns the answer and the record. */
  async function run(query: string, access: PiiAccess, refuseAll?: ErrorCode.PURPOSE_REQUIRED | ErrorCode.AUDIT_UNAVAILABLE) {
    const pii: Scope[] = access === "full" ? ["pii:read"] : access === "masked" ? ["pii:masked"] : [];
    const stats = createRequestStats();
    const record = new AccessRecord(access, LABELS, refuseAll);
    const ctx: ResolverContext = {
      caller: { name: "unit", scopes: new Set([...ALL_SCOPES, ...pii]) },
      loaders: createLoaders(client, { stats, signal: new AbortController().signal, maxSessions: 10, maxMedia: 10 }),
      mediaUrls: { urlFor: (sessionId, mediaId) => `https://gateway.example/media/${sessionId}/${mediaId}` },
      stats,
      access: record,
    };
    const result = await execute({ schema, document: parse(query), variableValues: { id: session.sessionId }, contextValue: ctx });
    return { result, record, events: record.events(new Date(0), null) };
  }

  it("each coordinate, for a pii:read caller: recorded against its session at its path, unmasked (byField objects record nothing themselves)", async () => {
    for (const field of personalFields()) {
      const r = reach[field.coordinate]!;
      const { result, record, events } = await run(reachQuery(r), "full");
      expect(result.errors, field.coordinate).toBeUndefined();
      if (field.mask?.byField) {
        expect(record.empty, field.coordinate).toBe(true);
        continue;
      }
      expect(events, field.coordinate).toHaveLength(1);
      expect(events[0]!.sessionId, field.coordinate).toBe(session.sessionId);
      expect(events[0]!.coordinates, field.coordinate).toEqual([field.coordinate]);
      expect(events[0]!.masked, field.coordinate).toBe(false);
      expect(events[0]!.refused, field.coordinate).toEqual([]);
      expect(events[0]!.mediaIds, field.coordinate).toEqual(field.mediaLink ? [session.mediaId] : []);
      expect(record.paths.length, field.coordinate).toBeGreaterThan(0);
      expect(record.paths, field.coordinate).toContainEqual(["session", ...r.path]);
      for (const path of record.paths) expect(path, field.coordinate).toEqual(pathLike(["session", ...r.path]));
    }
  });

  it("each coordinate, for a pii:masked caller: masked values recorded as masked, whole ones not, hidden ones not at all, unmasked fields refused", async () => {
    for (const field of personalFields()) {
      const r = reach[field.coordinate]!;
      const { result, record, events } = await run(reachQuery(r), "masked");
      const mask = field.mask;
      if (!mask) {
        expect(new Set(result.errors?.map((e) => e.extensions["code"])), field.coordinate).toEqual(new Set([ErrorCode.FORBIDDEN]));
        expect(events.map((e) => [e.sessionId, e.coordinates, e.refused, e.outcome]), field.coordinate).toEqual([[session.sessionId, [], [field.coordinate], "FORBIDDEN"]]);
        expect(record.paths).toEqual([]);
        continue;
      }
      expect(result.errors, field.coordinate).toBeUndefined();
      if (mask.byField || mask.name === "hidden") {
        expect(record.empty, field.coordinate).toBe(true);
        continue;
      }
      expect(events.map((e) => [e.sessionId, e.coordinates, e.refused, e.masked]), field.coordinate).toEqual([[session.sessionId, [field.coordinate], [], mask.whole !== true]]);
      expect(record.paths, field.coordinate).toContainEqual(["session", ...r.path]);
    }
  });

  it("each coordinate, for a caller with neither pii scope: pii:read fields refused (recorded, with no upstream media read), other scopes' fields read whole", async () => {
    for (const field of personalFields()) {
      const r = reach[field.coordinate]!;
      const { result, events } = await run(reachQuery(r), "none");
      if (field.scope !== "pii:read") {
        expect(result.errors, field.coordinate).toBeUndefined();
        expect(events.map((e) => [e.coordinates, e.masked]), field.coordinate).toEqual([[[field.coordinate], false]]);
        continue;
      }
      expect(result.errors?.map((e) => e.extensions["code"]), field.coordinate).toEqual([ErrorCode.FORBIDDEN]);
      // Refused at the field, or at the personal object above it (DocumentFields.values) before any media read.
      const refusedAt = result.errors![0]!.path!.filter((p) => typeof p === "string").slice(-1)[0];
      expect(events, field.coordinate).toHaveLength(1);
      expect(events[0]!.coordinates).toEqual([]);
      expect(events[0]!.refused.map((c) => c.split(".")[1]), field.coordinate).toEqual([refusedAt]);
      expect(events[0]!.sessionId).toBe(session.sessionId);
    }
  });

  it("an operation that withholds personal data refuses every personal field with its code, for any caller", async () => {
    const query = `query($id: ID!) { session(id: $id) { clientSessionToken trackedDevices { device { ipAddress } } resources { idDocuments { documentFields { media { url } values { fullName } } } } } }`;
    for (const access of ["full", "masked"] as const) {
      const { result, events } = await run(query, access, ErrorCode.PURPOSE_REQUIRED);
      expect(new Set(result.errors?.map((e) => e.extensions["code"]))).toEqual(new Set([ErrorCode.PURPOSE_REQUIRED]));
      expect(events).toHaveLength(1);
      expect(events[0]!.coordinates).toEqual([]);
      expect(events[0]!.refused).toEqual(["DeviceDescription.ipAddress", "DocumentFields.values", "Media.url", "Session.clientSessionToken"]);
      expect(events[0]!.outcome).toBe("PURPOSE_REQUIRED");
    }
    // Without a pii scope, pii:read fields are FORBIDDEN; media:read and devices:read ones carry the operation's code.
    const none = await run(query, "none", ErrorCode.AUDIT_UNAVAILABLE);
    expect(Object.fromEntries(none.result.errors!.map((e) => [e.path!.filter((p) => typeof p === "string").slice(-1)[0], e.extensions["code"]]))).toEqual({
      clientSessionToken: ErrorCode.FORBIDDEN,
      values: ErrorCode.FORBIDDEN,
      url: ErrorCode.AUDIT_UNAVAILABLE,
      ipAddress: ErrorCode.AUDIT_UNAVAILABLE,
    });
    expect(none.events[0]!.refused).toEqual(["DeviceDescription.ipAddress", "DocumentFields.values", "Media.url", "Session.clientSessionToken"]);
  });

  it("one query over two sessions: one event each, coordinates sorted, paths of every value, the media ids whose links were issued", async () => {
    const other = addEveryFieldSession(emulator);
    const query = `query($id: ID!, $other: ID!) {
      a: session(id: $id) { resources { idDocuments { documentFields { media { url } values { dateOfBirth fullName structuredPostalAddress { postalCode street } } } } } }
      b: session(id: $other) { clientSessionToken trackedDevices { device { ipAddress } } }
    }`;
    const stats = createRequestStats();
    const record = new AccessRecord("masked", LABELS);
    const ctx: ResolverContext = {
      caller: { name: "unit", scopes: new Set<Scope>([...ALL_SCOPES, "pii:masked"]) },
      loaders: createLoaders(client, { stats, signal: new AbortController().signal, maxSessions: 10, maxMedia: 10 }),
      mediaUrls: { urlFor: () => "https://gateway.example/media/x" },
      stats,
      access: record,
    };
    const result = await execute({ schema, document: parse(query), variableValues: { id: session.sessionId, other: other.sessionId }, contextValue: ctx });
    const doc = (result.data!["a"] as any).resources.idDocuments[0].documentFields;
    expect(doc.values).toEqual({ dateOfBirth: "1990", fullName: "J. M. D.-S.", structuredPostalAddress: { postalCode: "SW1A", street: null } });
    const events = record.events(new Date(0), "Q");
    expect(events.map((e) => [e.sessionId, e.coordinates, e.refused, e.mediaIds, e.masked])).toEqual([
      [session.sessionId, ["DocumentFieldValues.dateOfBirth", "DocumentFieldValues.fullName", "StructuredPostalAddress.postalCode"], ["Media.url"], [], true],
      [other.sessionId, [], ["DeviceDescription.ipAddress", "Session.clientSessionToken"], [], false],
    ]);
    expect(record.paths).toEqual(
      expect.arrayContaining([
        ["a", "resources", "idDocuments", 0, "documentFields", "values", "dateOfBirth"],
        ["a", "resources", "idDocuments", 0, "documentFields", "values", "structuredPostalAddress", "postalCode"],
      ]),
    );
  });
});
