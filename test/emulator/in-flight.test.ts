import { generateKeyPairSync } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { demoSession } from "../support/demo-data.js";
import { sleep, until } from "../support/wait.js";
import { signedGet } from "./helpers.js";

const approved = demoSession("approved").session_id as string;

// inFlight / peakInFlight / cancelled: what a gateway's concurrency limits and upstream aborts look like from Yoti's side.
describe("emulator in-flight and cancellation stats", () => {
  let em: Emulator;

  beforeAll(async () => {
    em = await startEmulator();
  });
  afterEach(async () => {
    em.clearFaults();
    await until(() => em.stats().inFlight === 0, "inFlight to be 0");
    em.resetStats();
  });
  afterAll(() => em?.close());

  const session = (signal?: AbortSignal) => signedGet(em, `/sessions/${approved}`, { signal });

  it("counts stalled requests in flight, and a client's abort as one cancellation", async () => {
    em.setFault(approved, { delayMs: 10_000 });
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const pending = controllers.map((c) => session(c.signal).catch((e: unknown) => e));
    await until(() => em.stats().inFlight === 3, "inFlight to be 3");
    expect(em.stats()).toMatchObject({ inFlight: 3, peakInFlight: 3, cancelled: 0 });

    controllers[0]!.abort();
    await until(() => em.stats().cancelled === 1, "cancelled to be 1");
    expect(em.stats()).toMatchObject({ inFlight: 2, peakInFlight: 3, cancelled: 1 });

    // A reset rebases the peak on what is still running and forgets earlier cancellations.
    em.resetStats();
    expect(em.stats()).toMatchObject({ inFlight: 2, peakInFlight: 2, cancelled: 0 });

    controllers[1]!.abort();
    controllers[2]!.abort();
    await until(() => em.stats().inFlight === 0, "inFlight to be 0");
    expect(em.stats()).toMatchObject({ peakInFlight: 2, cancelled: 2 });
    for (const p of pending) expect(await p).toBeInstanceOf(Error);
  });

  it("does not count answered requests, 401s or reset faults as cancelled", async () => {
    expect((await session()).status).toBe(200);
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    expect((await signedGet(em, `/sessions/${approved}`, { key: otherKey })).status).toBe(401);
    em.setFault(approved, { reset: true, times: 1 });
    await expect(session()).rejects.toThrow();
    await until(() => em.stats().inFlight === 0, "inFlight to be 0");
    // The 401 never verified, so it was never in flight: two requests, one at a time.
    expect(em.stats()).toMatchObject({ inFlight: 0, peakInFlight: 1, cancelled: 0, rejected: 1 });
  });

  it("counts an abort in the middle of a slow body once", async () => {
    em.setFault(approved, { chunkBytes: 100, chunkDelayMs: 200 });
    const controller = new AbortController();
    const res = await session(controller.signal);
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    controller.abort();
    await until(() => em.stats().inFlight === 0, "inFlight to be 0");
    await sleep(300);
    expect(em.stats()).toMatchObject({ inFlight: 0, peakInFlight: 1, cancelled: 1 });
  });

  it("reports the new fields over HTTP too", async () => {
    em.setFault(approved, { delayMs: 10_000 });
    const controller = new AbortController();
    const pending = session(controller.signal).catch(() => undefined);
    await until(() => em.stats().inFlight === 1, "inFlight to be 1");
    const stats = (await (await fetch(new URL("/__emulator/stats", em.baseUrl))).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ inFlight: 1, peakInFlight: 1, cancelled: 0, notifications: { sent: 0, failed: 0 } });
    controller.abort();
    await pending;
    await until(() => em.stats().cancelled === 1, "cancelled to be 1");
    const reset = (await (await fetch(new URL("/__emulator/reset", em.baseUrl), { method: "POST" })).json()) as Record<string, unknown>;
    expect(reset).toMatchObject({ inFlight: 0, peakInFlight: 0, cancelled: 0 });
  });
});

describe("emulator close() with requests in flight", () => {
  it("does not count its own shutdown as client cancellations", async () => {
    const em = await startEmulator();
    em.setFault("*", { delayMs: 10_000 });
    const pending = signedGet(em, `/sessions/${em.sessions[0]!.id}`).catch((e: unknown) => e);
    await until(() => em.stats().inFlight === 1, "inFlight to be 1");
    await em.close();
    expect(await pending).toBeInstanceOf(Error);
    expect(em.stats()).toMatchObject({ inFlight: 0, cancelled: 0 });
  });
});
