import { generateKeyPairSync, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { demoSession } from "../support/demo-data.js";
import { signPath, type SignOptions } from "./helpers.js";

const sessionId = demoSession("approved").session_id as string;

// Raw HTTP with hand-built signatures: exercises every rejection path the official SDK never triggers.
describe("emulator request authentication", () => {
  let em: Emulator;
  let key: Buffer;
  const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

  beforeAll(async () => {
    em = await startEmulator();
    key = readFileSync(em.keyFile);
  });
  afterAll(() => em?.close());

  async function get(path: string, opts: Partial<SignOptions> = {}, signKey: Parameters<typeof signPath>[1] = key) {
    const signed = signPath(path, signKey, { sdkId: em.sdkId, ...opts });
    return fetch(em.baseUrl + signed.path, { headers: { "X-Yoti-Auth-Digest": signed.digest, Accept: "application/json" } });
  }

  async function expectUnauthorised(res: Response) {
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe("UNAUTHORIZED");
    expect(typeof body.message).toBe("string");
  }

  it("accepts a correctly signed request and answers application/json without charset", async () => {
    const res = await get(`/sessions/${sessionId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(((await res.json()) as { session_id: string }).session_id).toBe(sessionId);
  });

  it("accepts Go's sdkID spelling and any parameter order", async () => {
    expect((await get(`/sessions/${sessionId}`, { sdkParam: "sdkID" })).status).toBe(200);
    expect((await get(`/sessions/${sessionId}`, { order: ["timestamp", "nonce", "sdk"] })).status).toBe(200);
    expect((await get(`/sessions/${sessionId}`, { nonce: "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9" })).status).toBe(200);
  });

  it("rejects a request without a digest", async () => {
    const signed = signPath(`/sessions/${sessionId}`, key, { sdkId: em.sdkId });
    await expectUnauthorised(await fetch(em.baseUrl + signed.path));
  });

  it("rejects a digest made with another key", async () => {
    await expectUnauthorised(await get(`/sessions/${sessionId}`, {}, otherKey));
  });

  it("rejects a tampered target (signature over a different path)", async () => {
    const signed = signPath(`/sessions/${sessionId}`, key, { sdkId: em.sdkId });
    const res = await fetch(`${em.baseUrl}${signed.path}&extra=1`, { headers: { "X-Yoti-Auth-Digest": signed.digest } });
    await expectUnauthorised(res);
  });

  it("rejects a wrong or missing sdkId", async () => {
    await expectUnauthorised(await get(`/sessions/${sessionId}`, { sdkId: randomUUID() }));
    await expectUnauthorised(await get(`/sessions/${sessionId}`, { order: ["nonce", "timestamp"] }));
  });

  it("rejects a missing nonce or timestamp", async () => {
    await expectUnauthorised(await get(`/sessions/${sessionId}`, { order: ["sdk", "timestamp"] }));
    await expectUnauthorised(await get(`/sessions/${sessionId}`, { order: ["sdk", "nonce"] }));
  });

  it("rejects timestamps more than 5 minutes away", async () => {
    await expectUnauthorised(await get(`/sessions/${sessionId}`, { timestamp: Date.now() - 6 * 60_000 }));
    await expectUnauthorised(await get(`/sessions/${sessionId}`, { timestamp: Date.now() + 6 * 60_000 }));
    expect((await get(`/sessions/${sessionId}`, { timestamp: Date.now() - 4 * 60_000 })).status).toBe(200);
  });

  it("rejects a reused nonce", async () => {
    const nonce = randomUUID();
    expect((await get(`/sessions/${sessionId}`, { nonce })).status).toBe(200);
    await expectUnauthorised(await get(`/sessions/${sessionId}`, { nonce }));
  });

  it("does not let a forged request burn a nonce", async () => {
    const nonce = randomUUID();
    await expectUnauthorised(await get(`/sessions/${sessionId}`, { nonce }, otherKey));
    expect((await get(`/sessions/${sessionId}`, { nonce })).status).toBe(200);
  });

  it("answers 404 with a Yoti-style body for unknown sessions and media", async () => {
    const res = await get(`/sessions/${randomUUID()}`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(((await res.json()) as { code: string }).code).toBe("SESSION_NOT_FOUND");

    const media = await get(`/sessions/${sessionId}/media/${randomUUID()}/content`);
    expect(media.status).toBe(404);
    expect(((await media.json()) as { code: string }).code).toBe("MEDIA_NOT_FOUND");

    const noSession = await get(`/sessions/${randomUUID()}/media/${randomUUID()}/content`);
    expect(noSession.status).toBe(404);
  });

  it("does not serve another session's media", async () => {
    const other = em.sessions.find((s) => s.name === "all-checks")!.id;
    const body = (await (await get(`/sessions/${other}`)).json()) as { identity_profile_preview: { media: { id: string } } };
    const res = await get(`/sessions/${sessionId}/media/${body.identity_profile_preview.media.id}/content`);
    expect(res.status).toBe(404);
  });

  it("answers 405 for other methods and 404 for unknown paths", async () => {
    const signed = signPath(`/sessions/${sessionId}`, key, { sdkId: em.sdkId, method: "DELETE" });
    const del = await fetch(em.baseUrl + signed.path, { method: "DELETE", headers: { "X-Yoti-Auth-Digest": signed.digest } });
    expect(del.status).toBe(405);
    expect((await get("/sessions")).status).toBe(404);
    expect((await fetch(new URL("/elsewhere", em.baseUrl))).status).toBe(404);
  });

  it("counts only accepted requests per session and media", async () => {
    em.resetStats();
    const mediaId = "3c2f4a21-0000-4000-8000-000000000000";
    await get(`/sessions/${sessionId}`);
    await get(`/sessions/${sessionId}`);
    await get(`/sessions/${sessionId}`, {}, otherKey);
    await get(`/sessions/${sessionId}/media/${mediaId}/content`);
    const stats = em.stats();
    expect(stats.sessionGets).toEqual({ [sessionId]: 2 });
    expect(stats.mediaGets).toEqual({ [`${sessionId}/${mediaId}`]: 1 });
    expect(stats.rejected).toBe(1);
    expect(stats.total).toBe(4);
  });

  it("exposes stats and reset over HTTP outside the mount path", async () => {
    const statsUrl = new URL("/__emulator/stats", em.baseUrl);
    const before = (await (await fetch(statsUrl)).json()) as { total: number };
    expect(before).toEqual(em.stats());
    const reset = await fetch(new URL("/__emulator/reset", em.baseUrl), { method: "POST" });
    expect(reset.status).toBe(200);
    expect(em.stats()).toEqual({
      sessionGets: {},
      mediaGets: {},
      configurationGets: {},
      trackedDevicesGets: {},
      supportedDocumentsGets: 0,
      rejected: 0,
      total: 0,
      inFlight: 0,
      peakInFlight: 0,
      cancelled: 0,
      notifications: { sent: 0, failed: 0 },
    });
  });
});
