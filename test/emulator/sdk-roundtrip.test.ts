import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIVE_DEMO_SESSION_ID, startEmulator, type Emulator } from "../../src/emulator/index.js";
import { demoSession, demoSessions } from "../support/demo-data.js";
import { emulatorMedia, emulatorMediaIds } from "../support/media-data.js";
import { sdkClient, type SdkClient } from "../support/yoti-sdk.js";
import { mediaIdsIn } from "./helpers.js";

// The official SDK is the oracle: if it can parse every demo session and fetch every media, so can real clients.
describe("emulator with the official Yoti SDK", () => {
  let em: Emulator;
  let client: SdkClient;
  const files = demoSessions();
  const mediaIds = emulatorMediaIds();

  beforeAll(async () => {
    em = await startEmulator();
    client = sdkClient(em);
  });
  afterAll(() => em?.close());

  it("lists every demo file as a session, named after the file", () => {
    // The live demo is built in code, not read from a file; it is listed last.
    expect(em.sessions).toEqual([
      ...files.map((f) => ({ id: f.body.session_id, name: f.name })),
      { id: LIVE_DEMO_SESSION_ID, name: "live-demo" },
    ]);
    for (const name of ["approved", "rejected", "not-available", "ongoing", "expired", "all-checks", "static-liveness", "unknown-types"]) {
      expect(em.sessions.map((s) => s.name)).toContain(name);
    }
    for (const s of em.sessions) expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each(files.map((f) => [f.name, f] as const))("getSession parses %s", async (_name, file) => {
    const result = await client.getSession(file.body.session_id);
    expect(result.getSessionId()).toBe(file.body.session_id);
    expect(result.getState()).toBe(file.body.state);
    expect(result.getChecks().length).toBe((file.body.checks as unknown[] | undefined)?.length ?? 0);
  });

  it("every media id referenced by a demo session is in the manifest, with a real file", () => {
    for (const f of files) {
      for (const id of mediaIdsIn(f.body)) {
        expect(mediaIds, `${f.name}: ${id}`).toContain(id);
      }
    }
    expect(mediaIds.some((id) => emulatorMedia(id) === null)).toBe(true);
  });

  it("serves every media id with its bytes and content type (204 → null)", async () => {
    let fetched = 0;
    for (const f of files) {
      for (const id of mediaIdsIn(f.body)) {
        const bundled = emulatorMedia(id);
        const content = await client.getMediaContent(f.body.session_id, id);
        fetched += 1;
        if (bundled === null) {
          expect(content, id).toBeNull();
          continue;
        }
        expect(content, id).not.toBeNull();
        expect(content!.getMimeType()).toBe(bundled.contentType);
        expect(Buffer.compare(content!.getContent(), bundled.bytes), id).toBe(0);
      }
    }
    expect(fetched).toBeGreaterThan(40);
    const stats = em.stats();
    expect(Object.values(stats.mediaGets).reduce((a, b) => a + b, 0)).toBe(fetched);
    expect(stats.rejected).toBe(0);
  });

  it("exposes the typed details gateways rely on", async () => {
    const byName = Object.fromEntries(files.map((f) => [f.name, f.body.session_id]));
    const all = await client.getSession(byName["all-checks"]!);
    expect(new Set(all.getChecks().map((c) => c.getType())).size).toBe(11);
    // The SDK's typings widen the report to the base class; the runtime object is the advanced-CA report.
    type CaReport = { getWatchlistSummary(): { getSearchConfig(): { getApiKey(): string } } };
    const caReport = all.getWatchlistAdvancedCaChecks()[0]!.getReport() as unknown as CaReport;
    expect(caReport.getWatchlistSummary().getSearchConfig().getApiKey()).toBe("demo-not-a-real-api-key");
    expect(all.getAdvancedIdentityProfile()!.getIdentityProfileReport()!.getCompliance()[0]!.getSchemesCompliance()[0]!.getScheme().getLabel()).toBe("uk-right-to-work");
    expect(all.getResources()!.getShareCodeResources()).toHaveLength(1);

    const approved = await client.getSession(byName.approved!);
    expect(approved.getClientSessionTokenTtl()).toBe(599);
    const detail = approved.getFaceMatchChecks()[0]!.getReport().getBreakdown()[0]!.getDetails()[0]!;
    expect([detail.getName(), detail.getValue()]).toEqual(["confidence_score", "0.97"]);

    const stat = await client.getSession(byName["static-liveness"]!);
    expect(stat.getResources()!.getStaticLivenessResources()).toHaveLength(1);
    const staticFile = demoSession("static-liveness").resources.supplementary_documents[0].file.media.id;
    expect(stat.getResources()!.getSupplementaryDocuments()[0]!.getDocumentFile()!.getMedia().getId()).toBe(staticFile);

    const unknown = await client.getSession(byName["unknown-types"]!);
    expect(unknown.getChecks().map((c) => c.getType())).toContain("SYNECTICS_IDENTITY_FRAUD");
  });

  it("serves sessions added at run time, with placeholder media for ids the manifest lacks", async () => {
    const id = "7d3c1b2a-0000-4000-8000-000000000abc";
    const mediaId = "7d3c1b2a-0000-4000-8000-000000000def";
    em.addSession(id, {
      session_id: id,
      state: "COMPLETED",
      resources: { id_documents: [{ id: "doc", tasks: [], document_fields: { media: { id: mediaId, type: "JSON" } } }] },
      checks: [],
    });
    const result = await client.getSession(id);
    expect(result.getState()).toBe("COMPLETED");
    const content = await client.getMediaContent(id, mediaId);
    expect(content!.getMimeType()).toBe("application/json");
    expect(JSON.parse(content!.getContent().toString("utf8"))).toEqual({});
  });
});
