import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator, type EmulatorWebhook } from "../../src/emulator/index.js";
import { sleep } from "../support/wait.js";
import { startReceiver, type Receiver } from "./webhook-receiver.js";

describe("emulator notifications", () => {
  let em: Emulator;
  let receiver: Receiver;
  const sessionId = randomUUID();

  beforeAll(async () => {
    receiver = await startReceiver();
    em = await startEmulator({ webhook: { url: receiver.url, authType: "BEARER", token: "s3cret-bearer" } });
  });
  afterEach(() => {
    receiver.received.length = 0;
    receiver.statuses.length = 0;
    em.setWebhook({ url: receiver.url, authType: "BEARER", token: "s3cret-bearer" });
    em.resetStats();
  });
  afterAll(async () => {
    await em?.close();
    await receiver?.close();
  });

  it("POSTs Yoti's JSON with a Bearer token, one id field per topic", async () => {
    const ids = { resource_id: randomUUID(), task_id: randomUUID(), check_id: randomUUID() };
    expect(await em.notify(sessionId, "resource_update", { resource_id: ids.resource_id })).toEqual({ status: 200 });
    expect(await em.notify(sessionId, "task_completion", { task_id: ids.task_id })).toEqual({ status: 200 });
    expect(await em.notify(sessionId, "check_completion", { check_id: ids.check_id })).toEqual({ status: 200 });
    expect(await em.notify(sessionId, "session_completion")).toEqual({ status: 200 });

    expect(receiver.received.map((n) => n.raw)).toEqual([
      `{"session_id":"${sessionId}","topic":"resource_update","resource_id":"${ids.resource_id}"}`,
      `{"session_id":"${sessionId}","topic":"task_completion","task_id":"${ids.task_id}"}`,
      `{"session_id":"${sessionId}","topic":"check_completion","check_id":"${ids.check_id}"}`,
      `{"session_id":"${sessionId}","topic":"session_completion"}`,
    ]);
    for (const n of receiver.received) {
      expect(n.method).toBe("POST");
      expect(n.url).toBe("/yoti/notifications");
      expect(n.headers.authorization).toBe("Bearer s3cret-bearer");
      expect(n.headers["content-type"]).toBe("application/json");
      expect(Number(n.headers["content-length"])).toBe(Buffer.byteLength(n.raw));
    }
    expect(em.stats().notifications).toEqual({ sent: 4, failed: 0 });
  });

  it("sends Basic base64(token) for BASIC, as Yoti encodes it", async () => {
    em.setWebhook({ url: receiver.url, authType: "BASIC", token: "username:password" });
    expect(await em.notify(sessionId, "session_completion")).toEqual({ status: 200 });
    expect(receiver.received[0]!.headers.authorization).toBe("Basic dXNlcm5hbWU6cGFzc3dvcmQ=");
  });

  it("retries a 500 and counts one delivery; duplicates and unknown topics go out as asked", async () => {
    receiver.statuses.push(500);
    expect(await em.notify(sessionId, "check_completion", { check_id: "c-1" })).toEqual({ status: 200 });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.raw).toBe(receiver.received[0]!.raw);

    expect(await em.notify(sessionId, "check_completion", { check_id: "c-1" })).toEqual({ status: 200 });
    expect(await em.notify(sessionId, "NEW_PDF_SUPPLIED")).toEqual({ status: 200 });
    expect(receiver.received.slice(2).map((n) => n.body)).toEqual([
      { session_id: sessionId, topic: "check_completion", check_id: "c-1" },
      { session_id: sessionId, topic: "NEW_PDF_SUPPLIED" },
    ]);
    expect(em.stats().notifications).toEqual({ sent: 3, failed: 0 });
  });

  it("gives up after 3 attempts with the last status, or the network error", async () => {
    receiver.statuses.push(503, 500, 401);
    expect(await em.notify(sessionId, "session_completion")).toEqual({ status: 401 });
    expect(receiver.received).toHaveLength(3);

    // A port nobody listens on: a closed receiver.
    const gone = await startReceiver();
    await gone.close();
    em.setWebhook({ url: gone.url, authType: "BEARER", token: "t" });
    const result = await em.notify(sessionId, "session_completion");
    expect(result).toEqual({ error: "network error (ECONNREFUSED)" });
    expect(em.stats().notifications).toEqual({ sent: 0, failed: 2 });
  });

  it("resolves an error without a webhook, and rejects invalid arguments or webhooks", async () => {
    em.setWebhook(undefined);
    expect(await em.notify(sessionId, "session_completion")).toEqual({ error: "no webhook configured" });
    await expect(em.notify("", "session_completion")).rejects.toThrow(TypeError);
    await expect(em.notify(sessionId, "")).rejects.toThrow(TypeError);
    await expect(em.notify(sessionId, "check_completion", { checkId: "x" } as never)).rejects.toThrow(TypeError);
    await expect(em.notify(sessionId, "check_completion", { check_id: 7 } as never)).rejects.toThrow(TypeError);

    const bad: unknown[] = [
      { url: "not a url", authType: "BEARER", token: "t" },
      { url: "ftp://example.test/", authType: "BEARER", token: "t" },
      { url: receiver.url, authType: "bearer", token: "t" },
      { url: receiver.url, authType: "BASIC", token: "" },
      { url: receiver.url, authType: "BEARER", token: "a\r\nX-Evil: 1" },
    ];
    for (const webhook of bad) {
      let error: unknown;
      try {
        em.setWebhook(webhook as EmulatorWebhook);
      } catch (err) {
        error = err;
      }
      expect(error, JSON.stringify(webhook)).toBeInstanceOf(TypeError);
      // Key material stays out of error messages.
      expect((error as Error).message).not.toContain("X-Evil");
    }
    await expect(startEmulator({ webhook: bad[2] as EmulatorWebhook })).rejects.toThrow(TypeError);
    expect(receiver.received).toHaveLength(0);
  });
});

describe("emulator close() with a notification pending", () => {
  it("aborts a delivery the receiver is sitting on, and refuses new ones", async () => {
    const receiver = await startReceiver();
    let release!: () => void;
    receiver.onNotification = () => new Promise<void>((resolve) => (release = resolve));
    const em = await startEmulator({ webhook: { url: receiver.url, authType: "BEARER", token: "t" } });
    try {
      const pending = em.notify(randomUUID(), "session_completion");
      await sleep(100);
      expect(receiver.received).toHaveLength(1);
      const started = performance.now();
      await em.close();
      expect(await pending).toEqual({ error: "cancelled" });
      expect(performance.now() - started).toBeLessThan(1000);
      expect(await em.notify(randomUUID(), "session_completion")).toEqual({ error: "emulator closed" });
      expect(em.stats().notifications).toEqual({ sent: 0, failed: 0 });
    } finally {
      release?.();
      await receiver.close();
    }
  });
});
