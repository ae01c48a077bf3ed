import type { GraphQLSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGatewaySchema } from "../../src/schema/build-schema.js";
import { FullSessionDocument, type FullSessionQuery } from "../generated/graphql.js";
import { demoSessions } from "../support/demo-data.js";
import { startStack, type Stack } from "../support/stack.js";
import { expectedTypeName, specificTypes } from "../support/type-names.js";

type GqlSession = NonNullable<FullSessionQuery["session"]>;

let stack: Stack;
/** The schema the expected type names come from, by the naming convention (not the gateway's tables). */
let schema: GraphQLSchema;
const answers = new Map<string, GqlSession>();

beforeAll(async () => {
  schema = await buildGatewaySchema();
  stack = await startStack();
  for (const { name, body } of demoSessions()) {
    const res = await stack.query(FullSessionDocument, { id: body.session_id });
    expect(res.status, name).toBe(200);
    expect(res.errors, name).toBeUndefined();
    answers.set(name, res.data!.session!);
  }
});
afterAll(() => stack?.close());

describe.each(demoSessions())("demo session $name, full query", ({ name, body }) => {
  it("maps the top-level fields to their camelCase names", () => {
    const s = answers.get(name)!;
    expect(s.id).toBe(body.session_id);
    expect(s.state).toBe(body.state ?? null);
    expect(s.userTrackingId).toBe(body.user_tracking_id ?? null);
    expect(s.clientSessionToken).toBe(body.client_session_token ?? null);
    expect(s.clientSessionTokenTtl).toBe(body.client_session_token_ttl ?? null);
    if (body.biometric_consent) expect(Date.parse(s.biometricConsent!)).toBe(Date.parse(body.biometric_consent));
  });

  it("keeps every check, typed by its raw type, with reports and resolved resources", () => {
    const s = answers.get(name)!;
    const wireChecks: any[] = body.checks ?? [];
    expect(s.checks.map((c) => c.type)).toEqual(wireChecks.map((c) => c.type));
    s.checks.forEach((check, i) => {
      const wire = wireChecks[i];
      expect(check.__typename).toBe(expectedTypeName(schema, wire.type, "Check"));
      expect(check.id).toBe(wire.id ?? null);
      expect(check.report?.recommendation?.value ?? null).toBe(wire.report?.recommendation?.value?.replace(/ /g, "_") ?? null);
      expect(check.report?.recommendation?.reason ?? null).toBe(wire.report?.recommendation?.reason ?? null);
      expect(check.report?.breakdown?.length ?? 0).toBe(wire.report?.breakdown?.length ?? 0);
      const used: string[] = wire.resources_used ?? [];
      expect(check.resourcesUsed ?? []).toEqual(used);
      // Every resource a demo check names exists in the session, so the edge returns them all.
      expect(check.resources.map((r) => r.id)).toEqual(used);
    });
  });

  it("keeps every resource list, with frames, tasks and task -> check edges", () => {
    const s = answers.get(name)!;
    const wire = body.resources;
    if (!wire) {
      expect(s.resources).toBeNull();
      return;
    }
    const r = s.resources!;
    expect(r.idDocuments?.length ?? 0).toBe(wire.id_documents?.length ?? 0);
    expect(r.supplementaryDocuments?.length ?? 0).toBe(wire.supplementary_documents?.length ?? 0);
    expect(r.livenessCapture?.length ?? 0).toBe(wire.liveness_capture?.length ?? 0);
    expect(r.faceCapture?.length ?? 0).toBe(wire.face_capture?.length ?? 0);
    expect(r.shareCodes?.length ?? 0).toBe(wire.share_codes?.length ?? 0);
    (r.idDocuments ?? []).forEach((doc, i) => {
      const w = wire.id_documents[i];
      expect(doc.documentType).toBe(w.document_type ?? null);
      expect(doc.documentFields?.media?.id ?? null).toBe(w.document_fields?.media?.id ?? null);
      (doc.pages ?? []).forEach((page, p) => {
        const wf: any[] = w.pages[p].frames ?? [];
        expect(page.frames?.map((f) => f.media?.id ?? null) ?? []).toEqual(wf.map((f) => f.media?.id ?? null));
      });
      (doc.tasks ?? []).forEach((task, t) => {
        const wt = w.tasks[t];
        expect(task.type).toBe(wt.type);
        expect(task.__typename).toBe(expectedTypeName(schema, wt.type, "Task"));
        const checkIds = new Set((body.checks ?? []).map((c: any) => c.id));
        const generated = (wt.generated_checks ?? []).map((g: any) => g.id).filter((id: string) => checkIds.has(id));
        expect(task.checks.map((c) => c.id)).toEqual(generated);
      });
    });
    (r.livenessCapture ?? []).forEach((l, i) => {
      const lt = wire.liveness_capture[i].liveness_type;
      expect(l.livenessType).toBe(lt);
      expect(l.__typename).toBe(expectedTypeName(schema, lt, "LivenessCapture"));
    });
  });
});

describe("demo coverage", () => {
  it("includes every one of the 11 check types, unknown types, STATIC liveness and empty frames", () => {
    const all = [...answers.values()];
    const typenames = new Set(all.flatMap((s) => s.checks.map((c) => c.__typename)));
    expect(specificTypes(schema, "Check")).toHaveLength(11);
    for (const t of specificTypes(schema, "Check")) expect(typenames).toContain(t);
    expect(typenames).toContain("GenericCheck");
    const liveness = all.flatMap((s) => s.resources?.livenessCapture ?? []).map((l) => l.__typename);
    expect(liveness).toEqual(expect.arrayContaining(["ZoomLivenessCapture", "StaticLivenessCapture", "GenericLivenessCapture"]));
    const r = all.map((s) => s.resources);
    const resources = r.flatMap((x) => [
      ...(x?.idDocuments ?? []),
      ...(x?.supplementaryDocuments ?? []),
      ...(x?.livenessCapture ?? []),
      ...(x?.faceCapture ?? []),
      ...(x?.shareCodes ?? []),
      ...(x?.applicantProfiles ?? []),
    ]);
    const taskTypes = new Set(resources.flatMap((res) => (res.tasks ?? []).map((t) => t.__typename)));
    for (const t of ["IdDocumentTextDataExtractionTask", "SupplementaryDocumentTextDataExtractionTask", "GenericTask"]) {
      expect(taskTypes).toContain(t);
    }
    const frames = all.flatMap((s) => (s.resources?.idDocuments ?? []).flatMap((d) => (d.pages ?? []).flatMap((p) => p.frames ?? [])));
    expect(frames.some((f) => f.media === null)).toBe(true);
  });

  it("normalises dates to UTC Z and keeps microseconds", () => {
    const all = [...answers.values()];
    const created = all.flatMap((s) => s.checks.map((c) => c.created)).filter((d): d is string => d !== null);
    expect(created.length).toBeGreaterThan(0);
    for (const d of created) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  });
});
