import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FullSessionDocument } from "../generated/graphql.js";
import { startStack, type Stack } from "../support/stack.js";
import { sdkClient, type SdkClient } from "../support/yoti-sdk.js";

// The official Yoti Node SDK, a client nobody here wrote, reads the same emulator: where it and the
// gateway disagree, one of us misreads Yoti's contract.
let stack: Stack;
let sdk: SdkClient;

beforeAll(async () => {
  stack = await startStack();
  sdk = sdkClient(stack.emulator);
});
afterAll(() => stack?.close());

function resourceLists(r: any) {
  return r ? [r.getIdDocuments(), r.getSupplementaryDocuments(), r.getLivenessCapture(), r.getFaceCaptureResources(), r.getShareCodeResources()] : [];
}

describe("oracle: the official yoti SDK and the gateway agree on every demo session", () => {
  it("has demo sessions to compare", () => {
    expect(stack.emulator.sessions.length).toBeGreaterThanOrEqual(8);
  });

  it("ids, states, check types and recommendations, resource and task counts", async () => {
    for (const { id, name } of stack.emulator.sessions) {
      const fromSdk = await sdk.getSession(id);
      const res = await stack.query(FullSessionDocument, { id });
      expect(res.errors, name).toBeUndefined();
      const s = res.data!.session!;
      expect(s.id, name).toBe(fromSdk.getSessionId());
      expect(s.state ?? undefined, name).toBe(fromSdk.getState());
      expect(s.clientSessionTokenTtl ?? undefined, name).toBe(fromSdk.getClientSessionTokenTtl());
      expect(s.userTrackingId ?? undefined, name).toBe(fromSdk.getUserTrackingId());

      const sdkChecks = fromSdk.getChecks();
      expect(s.checks.map((c) => [c.type, c.id, c.state ?? undefined]), name).toEqual(
        sdkChecks.map((c: any) => [c.getType(), c.getId(), c.getState()]),
      );
      expect(s.checks.map((c) => c.report?.recommendation?.value ?? undefined), name).toEqual(
        sdkChecks.map((c: any) => c.getReport()?.getRecommendation()?.getValue()),
      );
      expect(s.checks.map((c) => c.resourcesUsed ?? []), name).toEqual(sdkChecks.map((c: any) => c.getResourcesUsed()));

      const sdkResources = fromSdk.getResources();
      const r = s.resources;
      const ours = r
        ? [r.idDocuments ?? [], r.supplementaryDocuments ?? [], r.livenessCapture ?? [], r.faceCapture ?? [], r.shareCodes ?? []]
        : [];
      const theirs = resourceLists(sdkResources);
      expect(ours.map((l) => l.length), name).toEqual(theirs.map((l: any[]) => l.length));
      expect(ours.map((l) => l.map((x) => (x.tasks ?? []).length)), name).toEqual(
        theirs.map((l: any[]) => l.map((x: any) => (x.getTasks() ?? []).length)),
      );
      expect(ours.flat().map((x) => x.id ?? undefined), name).toEqual(theirs.flat().map((x: any) => x.getId()));
      if (sdkResources) {
        expect((r?.livenessCapture ?? []).map((l) => l.livenessType), name).toEqual(
          sdkResources.getLivenessCapture().map((l: any) => l.getLivenessType()),
        );
      }
      expect(s.identityProfile?.result ?? undefined, name).toBe(fromSdk.getIdentityProfile()?.getResult());
      expect(s.advancedIdentityProfile?.result ?? undefined, name).toBe(fromSdk.getAdvancedIdentityProfile()?.getResult());
    }
  });
});
