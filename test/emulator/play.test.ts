import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LIVE_DEMO_SESSION_ID, startEmulator, type Emulator } from "../../src/emulator/index.js";
import { demoSession, LIVE_DEMO_TOPICS as TOPICS } from "../support/demo-data.js";
import { emulatorMedia } from "../support/media-data.js";
import { sleep, until } from "../support/wait.js";
import { sdkClient } from "../support/yoti-sdk.js";
import { mediaIdsIn, signedGet } from "./helpers.js";
import { startReceiver, type Receiver } from "./webhook-receiver.js";

type Body = Record<string, any>;

const RESOURCE_LISTS = ["id_documents", "supplementary_documents", "liveness_capture", "face_capture", "share_codes"];

/** The structural promises a gateway relies on: lists of objects, string ids and states, RFC 3339 UTC times. */
function expectValidSession(body: Body, sessionId: string): void {
  expect(body.session_id).toBe(sessionId);
  expect(["ONGOING", "COMPLETED"]).toContain(body.state);
  expect(Number.isInteger(body.client_session_token_ttl)).toBe(true);
  expect(Array.isArray(body.checks)).toBe(true);
  for (const list of RESOURCE_LISTS) {
    expect(Array.isArray(body.resources[list]), list).toBe(true);
    for (const r of body.resources[list]) expect(typeof r.id === "string" && Array.isArray(r.tasks), list).toBe(true);
  }
  for (const c of body.checks) {
    expect([typeof c.id, typeof c.type, typeof c.state]).toEqual(["string", "string", "string"]);
    expect(Array.isArray(c.resources_used) && Array.isArray(c.generated_media)).toBe(true);
  }
  JSON.stringify(body, (key, value) => {
    if (["created", "last_updated", "created_at", "biometric_consent"].includes(key)) {
      expect(value, key).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(value, key).not.toBeNull();
    return value;
  });
}

/** What a poller compares to notice change: session and check/task states, and resources' last_updated. */
function fingerprint(body: Body): string {
  const resources = RESOURCE_LISTS.flatMap((l) => body.resources[l] as Body[]);
  return JSON.stringify([
    body.state,
    body.checks.map((c: Body) => [c.id, c.state]),
    resources.map((r) => [r.id, r.last_updated, r.tasks.map((t: Body) => [t.id, t.state])]),
  ]);
}

/** Every `last_updated` in a body, by the id of the object carrying it. */
function lastUpdatedById(body: Body): Map<string, string> {
  const found = new Map<string, string>();
  JSON.stringify(body, (_key, value) => {
    if (value && typeof value === "object" && typeof value.id === "string" && typeof value.last_updated === "string") {
      found.set(value.id, value.last_updated);
    }
    return value;
  });
  return found;
}

describe("emulator play", () => {
  let em: Emulator;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    em = await startEmulator({ webhook: { url: receiver.url, authType: "BEARER", token: "play-token" } });
  });
  afterEach(() => {
    receiver.received.length = 0;
    receiver.onNotification = undefined;
  });
  afterAll(async () => {
    await em?.close();
    await receiver?.close();
  });

  const getSession = async (id: string): Promise<Body> => (await signedGet(em, `/sessions/${id}`)).json() as Promise<Body>;

  /**
   * Play a fresh session, fetching its body the moment each notification arrives (the play waits for the
   * receiver's answer before the next step, so each fetch sees exactly the notified step).
   */
  async function playAndCapture(stepMs: number): Promise<{ sessionId: string; initial: Body; bodies: Body[] }> {
    const sessionId = randomUUID();
    // Parked at the initial state first, so reading it cannot race step 2 on a busy machine.
    em.play({ sessionId, stepMs: 600_000, notify: false });
    const initial = await getSession(sessionId);
    const bodies: Body[] = [];
    receiver.onNotification = async (n) => void bodies.push(await getSession(n.body.session_id));
    const play = em.play({ sessionId, stepMs });
    expect(play.sessionId).toBe(sessionId);
    await play.done;
    expect(receiver.errors).toEqual([]);
    return { sessionId, initial, bodies };
  }

  it("lists the live demo from the start, in its initial state", async () => {
    expect(em.sessions).toContainEqual({ id: LIVE_DEMO_SESSION_ID, name: "live-demo" });
    const body = await getSession(LIVE_DEMO_SESSION_ID);
    expectValidSession(body, LIVE_DEMO_SESSION_ID);
    expect(body.state).toBe("ONGOING");
    expect(body.checks).toEqual([]);
    for (const list of RESOURCE_LISTS) expect(body.resources[list]).toEqual([]);
  });

  it("plays ONGOING → COMPLETED, notifying each step in order after its body changed", async () => {
    em.resetStats();
    const { sessionId, initial, bodies } = await playAndCapture(50);
    expect(receiver.received.map((n) => n.body.topic)).toEqual(TOPICS);
    expect(receiver.received.every((n) => n.body.session_id === sessionId)).toBe(true);
    expect(receiver.received.every((n) => n.headers.authorization === "Bearer play-token")).toBe(true);
    expect(em.stats().notifications).toEqual({ sent: 8, failed: 0 });

    expect(initial.state).toBe("ONGOING");
    expect([initial.checks, initial.resources.id_documents, initial.resources.liveness_capture]).toEqual([[], [], []]);
    const [doc, selfie, extracted, ...rest] = bodies;
    const notes = receiver.received.map((n) => n.body);

    expect(doc!.resources.id_documents.map((r: Body) => r.id)).toEqual([notes[0]!.resource_id]);
    expect(doc!.resources.id_documents[0].document_type).toBe("PASSPORT");
    expect(doc!.resources.id_documents[0].document_id_photo.media.type).toBe("IMAGE");
    expect(doc!.resources.liveness_capture).toEqual([]);

    expect(selfie!.resources.liveness_capture.map((r: Body) => r.id)).toEqual([notes[1]!.resource_id]);
    expect(selfie!.checks).toEqual([]);

    const task = extracted!.resources.id_documents[0].tasks[0];
    expect([task.id, task.type, task.state]).toEqual([notes[2]!.task_id, "ID_DOCUMENT_TEXT_DATA_EXTRACTION", "DONE"]);
    expect(task.generated_media[0].id).toBe(extracted!.resources.id_documents[0].document_fields.media.id);
    expect(extracted!.checks.map((c: Body) => c.id)).toContain(task.generated_checks[0].id);
    expect(extracted!.checks.map((c: Body) => c.state)).toEqual(["PENDING", "CREATED", "CREATED", "CREATED"]);

    const checkBodies = rest.slice(0, 4);
    checkBodies.forEach((body, i) => {
      const done = body.checks.filter((c: Body) => c.state === "DONE");
      expect(done.map((c: Body) => c.id).at(-1)).toBe(notes[3 + i]!.check_id);
      expect(done).toHaveLength(i + 1);
      expect(done.every((c: Body) => c.report.recommendation.value === "APPROVE")).toBe(true);
      expect(body.state).toBe("ONGOING");
    });
    expect(checkBodies.at(-1)!.checks.map((c: Body) => c.type)).toEqual([
      "ID_DOCUMENT_AUTHENTICITY",
      "ID_DOCUMENT_TEXT_DATA_CHECK",
      "LIVENESS",
      "ID_DOCUMENT_FACE_MATCH",
    ]);
    expect(rest.at(-1)!.state).toBe("COMPLETED");
    expect((await getSession(sessionId)).state).toBe("COMPLETED");

    // Each step is visible to a poller, and no timestamp ever goes back.
    const timeline = [initial, ...bodies];
    for (const body of timeline) expectValidSession(body, sessionId);
    for (let i = 1; i < timeline.length; i += 1) {
      expect(fingerprint(timeline[i]!), `step ${i + 1}`).not.toBe(fingerprint(timeline[i - 1]!));
      const before = lastUpdatedById(timeline[i - 1]!);
      for (const [id, at] of lastUpdatedById(timeline[i]!)) {
        if (before.has(id)) expect(at >= before.get(id)!, id).toBe(true);
      }
    }
  });

  it("plays bodies the official SDK parses, whose media are the bundled images and document fields", async () => {
    const { sessionId, bodies } = await playAndCapture(20);
    const client = sdkClient(em);
    for (const [i, body] of bodies.entries()) {
      const scratch = randomUUID();
      em.addSession(scratch, body);
      const parsed = await client.getSession(scratch);
      expect(parsed.getState(), `step ${i + 2}`).toBe(body.state);
      expect(parsed.getChecks()).toHaveLength(body.checks.length);
    }

    // The finished session mentions every media any step did, so fetching from it covers them all.
    const final = bodies.at(-1)!;
    const finalIds = mediaIdsIn(final);
    for (const body of bodies) for (const id of mediaIdsIn(body)) expect(finalIds.has(id), id).toBe(true);
    const types = new Map<string, string>();
    JSON.stringify(final, (key, value) => (key === "media" && types.set(value.id, value.type), value));
    let images = 0;
    for (const id of finalIds) {
      const res = await signedGet(em, `/sessions/${sessionId}/media/${id}/content`);
      expect(res.status, id).toBe(200);
      const bundled = emulatorMedia(id)!;
      expect(res.headers.get("content-type")).toBe(bundled.contentType);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(bundled.bytes);
      if (types.get(id) === "IMAGE") {
        expect(bundled.contentType).toMatch(/^image\/(jpeg|png)$/);
        images += 1;
      }
    }
    expect(images).toBeGreaterThanOrEqual(4);
    const fieldsId = final.resources.id_documents[0].document_fields.media.id;
    const fields = JSON.parse(emulatorMedia(fieldsId)!.bytes.toString("utf8"));
    expect(fields.document_type).toBe("PASSPORT");
  });

  it("restarts a play from the initial state, cancelling the earlier one", async () => {
    const sessionId = randomUUID();
    const first = em.play({ sessionId, stepMs: 40 });
    await until(() => receiver.received.length >= 3, { timeoutMs: 5_000, what: "three notifications" });
    // A long step keeps the restarted play at its initial state while it is read.
    const parked = em.play({ sessionId, stepMs: 600_000 });
    await first.done; // resolves on cancellation
    const restarted = await getSession(sessionId);
    expect([restarted.state, restarted.resources.id_documents, restarted.checks]).toEqual(["ONGOING", [], []]);
    const before = receiver.received.length;
    const last = em.play({ sessionId, stepMs: 40 });
    await parked.done;
    await last.done;
    expect(receiver.received.slice(before).map((n) => n.body.topic)).toEqual(TOPICS);
    expect((await getSession(sessionId)).state).toBe("COMPLETED");
  });

  it("sends nothing with notify: false, or without a webhook", async () => {
    const quiet = em.play({ sessionId: randomUUID(), stepMs: 5, notify: false });
    await quiet.done;
    expect((await getSession(quiet.sessionId)).state).toBe("COMPLETED");
    em.setWebhook(undefined);
    try {
      await em.play({ sessionId: randomUUID(), stepMs: 5 }).done;
    } finally {
      em.setWebhook({ url: receiver.url, authType: "BEARER", token: "play-token" });
    }
    expect(receiver.received).toEqual([]);
  });

  it("rejects bad options and the bundled demos' ids with a TypeError", () => {
    const approved = demoSession("approved").session_id as string;
    const bad: unknown[] = [
      { stepMs: 0 },
      { stepMs: 1.5 },
      { stepMs: "50" },
      { notify: "yes" },
      { sessionId: "" },
      { sessionId: "a b" },
      { step: 50 },
      { sessionId: approved },
    ];
    for (const options of bad) expect(() => em.play(options as never), JSON.stringify(options)).toThrow(TypeError);
  });

  describe("over HTTP", () => {
    const playUrl = () => new URL("/__emulator/play", em.baseUrl);
    const post = (body: string) => fetch(playUrl(), { method: "POST", headers: { "Content-Type": "application/json" }, body });

    it("POST starts a play and answers its session id; the live demo without a body", async () => {
      const sessionId = randomUUID();
      const res = await post(JSON.stringify({ sessionId, stepMs: 5, notify: false }));
      expect([res.status, res.headers.get("content-type")]).toEqual([200, "application/json"]);
      expect(await res.json()).toEqual({ sessionId });
      await until(async () => (await getSession(sessionId)).state === "COMPLETED", "the played session to complete");

      const live = await fetch(playUrl(), { method: "POST" });
      expect(await live.json()).toEqual({ sessionId: LIVE_DEMO_SESSION_ID });
      expect((await getSession(LIVE_DEMO_SESSION_ID)).state).toBe("ONGOING");
      // Put it back at rest (and quiet) for the tests after this one.
      em.play({ sessionId: LIVE_DEMO_SESSION_ID, stepMs: 600_000, notify: false });
    });

    it("answers 400 to bad input and 405 to other methods", async () => {
      const bad = ["{oops", "[]", JSON.stringify({ stepMs: -1 }), JSON.stringify({ sessionId: 7 }), JSON.stringify({ extra: true })];
      for (const body of bad) {
        const res = await post(body);
        expect(res.status, body).toBe(400);
        expect(((await res.json()) as { code: string }).code).toBe("BAD_REQUEST");
      }
      const get = await fetch(playUrl());
      expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
    });
  });
});

describe("emulator play lifecycle", () => {
  it("close() cancels running plays: done resolves and nothing is delivered afterwards", async () => {
    const receiver = await startReceiver();
    const em = await startEmulator({ webhook: { url: receiver.url, authType: "BEARER", token: "t" } });
    try {
      const play = em.play({ sessionId: randomUUID(), stepMs: 30 });
      const live = em.play({ stepMs: 30 });
      await until(() => receiver.received.length >= 2, { timeoutMs: 5_000, what: "two notifications" });
      await em.close();
      await Promise.all([play.done, live.done]);
      // A POST already on the wire when close() ran may still land; give it a moment, then nothing more may come.
      await sleep(50);
      const delivered = receiver.received.length;
      await sleep(300);
      expect(receiver.received.length).toBe(delivered);
      expect(delivered).toBeLessThan(2 * TOPICS.length);
      expect(() => em.play()).toThrow(/closed/);
    } finally {
      await em.close();
      await receiver.close();
    }
  });

  it("playOnStart plays the live demo once at start", async () => {
    const started = Date.now();
    const em = await startEmulator({ playOnStart: true });
    try {
      const read = async () => (await (await signedGet(em, `/sessions/${LIVE_DEMO_SESSION_ID}`)).json()) as Body;
      expect((await read()).resources.id_documents).toEqual([]);
      // The first step after the initial one comes after the default 2 s.
      await until(async () => (await read()).resources.id_documents.length === 1, { timeoutMs: 6_000, what: "the first step" });
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    } finally {
      await em.close();
    }
  });
});
