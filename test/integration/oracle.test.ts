import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FullSessionDocument, SessionDevicesDocument, SessionProgressDocument, SupportedDocumentsDocument } from "../generated/graphql.js";
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

/** The gateway's type for each of the SDK's required-resource classes. */
const REQUIRED_RESOURCE_TYPES: Record<string, string> = {
  RequiredIdDocumentResourceResponse: "RequiredIdDocument",
  RequiredSupplementaryDocumentResourceResponse: "RequiredSupplementaryDocument",
  RequiredZoomLivenessResourceResponse: "RequiredLiveness",
  RequiredFaceCaptureResourceResponse: "RequiredFaceCapture",
  UnknownRequiredResourceResponse: "GenericRequiredResource",
};

describe("oracle: the official yoti SDK and the gateway agree on the rest of the read API", () => {
  it("every demo session's configuration: requested checks, and each required resource's type, sources, attempts and tasks", async () => {
    for (const { id, name } of stack.emulator.sessions) {
      const fromSdk = await sdk.getSessionConfiguration(id);
      const res = await stack.query(SessionProgressDocument, { id });
      expect(res.errors, name).toBeUndefined();
      const c = res.data!.session!.configuration!;
      expect(c.sessionId, name).toBe(fromSdk.getSessionId());
      expect(c.clientSessionTokenTtl, name).toBe(fromSdk.getClientSessionTokenTtl());
      expect(c.requestedChecks, name).toEqual(fromSdk.getRequestedChecks());
      const capture: any = fromSdk.getCapture();
      expect(c.capture!.biometricConsent, name).toBe(capture.getBiometricConsent());
      const theirs: any[] = capture.getRequiredResources() ?? [];
      const ours = c.capture!.requiredResources ?? [];
      expect(ours.map((r) => r.__typename), name).toEqual(theirs.map((r: any) => REQUIRED_RESOURCE_TYPES[r.constructor.name]));
      expect(ours.map((r) => [r.type, r.id, r.state]), name).toEqual(theirs.map((r: any) => [r.getType(), r.getId(), r.getState()]));
      // The SDK keeps sources as classes without their type; it does say whether a relying business may supply the resource.
      expect(ours.map((r) => (r.allowedSources ?? []).some((s) => s.type === "RELYING_BUSINESS")), name).toEqual(theirs.map((r: any) => r.isRelyingBusinessAllowed()));
      ours.forEach((r, i) => {
        const t: any = theirs[i];
        if (r.__typename === "RequiredIdDocument") {
          expect(r.allowedCaptureMethods, name).toBe(t.getAllowedCaptureMethods());
          expect(Object.fromEntries((r.attemptsRemaining ?? []).map((a) => [a.type, a.count])), name).toEqual(t.getAttemptsRemaining());
          expect((r.supportedCountries ?? []).map((sc) => [sc.code, (sc.supportedDocuments ?? []).map((d) => d.type)]), name).toEqual(
            (t.getSupportedCountries() ?? []).map((sc: any) => [sc.getCode(), sc.getSupportedDocuments().map((d: any) => d.getType())]),
          );
        }
        if (r.__typename === "RequiredSupplementaryDocument") {
          expect([r.documentTypes, r.countryCodes, r.objective?.type], name).toEqual([t.getDocumentTypes(), t.getCountryCodes(), t.getObjective()?.getType()]);
        }
        if (r.__typename === "RequiredLiveness") expect(r.livenessType, name).toBe(t.getLivenessType());
        if (r.__typename === "RequiredIdDocument" || r.__typename === "RequiredSupplementaryDocument") {
          // Known task types keep their type and state in the SDK; unknown ones lose both there, and keep them here.
          const known = (r.requestedTasks ?? []).filter((task) => task.type?.endsWith("_TEXT_DATA_EXTRACTION"));
          expect(known.map((task) => [task.type, task.state]), name).toEqual(
            (t.getRequestedTasks() ?? []).filter((task: any) => task.getType() !== null).map((task: any) => [task.getType(), task.getState()]),
          );
        }
      });
    }
  });

  it("every demo session's tracked devices: events, times and devices", async () => {
    for (const { id, name } of stack.emulator.sessions) {
      const fromSdk = await sdk.getSessionTrackedDevices(id);
      const res = await stack.query(SessionDevicesDocument, { id });
      expect(res.errors, name).toBeUndefined();
      const ours = res.data!.session!.trackedDevices!;
      const theirs = fromSdk.getDeviceEvents();
      expect(ours.map((e) => e.event), name).toEqual(theirs.map((e: any) => e.getEvent()));
      expect(ours.map((e) => Date.parse(e.created!)), name).toEqual(theirs.map((e: any) => e.getCreated().getTime()));
      expect(ours.map((e) => e.device), name).toEqual(
        theirs.map((e: any) => {
          const d = e.getDevice();
          const or = (v: unknown) => v ?? null;
          return {
            ipAddress: or(d.getIpAddress()),
            ipIsoCountryCode: or(d.getIpISOCountryCode()),
            manufactureName: or(d.getManufactureName()),
            modelName: or(d.getModelName()),
            osName: or(d.getOSName()),
            osVersion: or(d.getOSVersion()),
            browserName: or(d.getBrowserName()),
            browserVersion: or(d.getBrowserVersion()),
            locale: or(d.getLocale()),
            clientVersion: or(d.getClientVersion()),
          };
        }),
      );
    }
  });

  it("supported documents, with and without non-Latin ones", async () => {
    for (const includeNonLatin of [false, true]) {
      const fromSdk = await sdk.getSupportedDocuments(includeNonLatin);
      const res = await stack.query(SupportedDocumentsDocument, { includeNonLatin });
      expect(res.errors).toBeUndefined();
      expect(res.data!.supportedDocuments!.supportedCountries!.map((c) => [c.code, (c.supportedDocuments ?? []).map((d) => [d.type, d.isStrictlyLatin])])).toEqual(
        fromSdk.getSupportedCountries().map((c: any) => [c.getCode(), c.getSupportedDocuments().map((d: any) => [d.getType(), d.getIsStrictlyLatin()])]),
      );
    }
  });
});
