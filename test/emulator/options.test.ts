import { generateKeyPairSync } from "node:crypto";
import { existsSync,  readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LIVE_DEMO_SESSION_ID, startEmulator } from "../../src/emulator/index.js";
import { buildSignedMessage } from "../../src/emulator/sign-verify.js";
import { ReplayCache } from "../../src/emulator/replay-cache.js";
import { signPath } from "./helpers.js";
import { tempDir } from "../support/temp-files.js";

describe("emulator options", () => {
  it("generates a 0600 PKCS#1 key and removes it on close", async () => {
    const em = await startEmulator();
    const pem = readFileSync(em.keyFile, "utf8");
    expect(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----")).toBe(true);
    expect(statSync(em.keyFile).mode & 0o777).toBe(0o600);
    expect(em.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/idverify\/v1$/);
    await em.close();
    await em.close(); // idempotent
    expect(existsSync(em.keyFile)).toBe(false);
  });

  it("uses a caller's PKCS#8 key, sdk id, mount path and latency", async () => {
    const dir = tempDir("emulator-test-");
    const keyFile = join(dir, "key.pem");
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    const em = await startEmulator({ keyFile, sdkId: "custom-sdk-id", mountPath: "/custom/prefix/", latencyMs: 120 });
    try {
      expect(em.keyFile).toBe(keyFile);
      expect(em.baseUrl.endsWith("/custom/prefix")).toBe(true);
      const id = em.sessions[0]!.id;
      const signed = signPath(`/sessions/${id}`, privateKey, { sdkId: "custom-sdk-id" });
      const started = performance.now();
      const res = await fetch(em.baseUrl + signed.path, { headers: { "X-Yoti-Auth-Digest": signed.digest } });
      expect(res.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    } finally {
      await em.close();
    }
    expect(existsSync(keyFile)).toBe(true); // never delete a caller's key
  });

  it("serves sessions from another folder", async () => {
    const dir = tempDir("emulator-sessions-");
    writeFileSync(join(dir, "tiny.json"), JSON.stringify({ session_id: "0b4e9c1a-1111-4222-8333-444455556666", state: "ONGOING" }));
    const em = await startEmulator({ sessionsDir: dir });
    try {
      expect(em.sessions).toEqual([
        { id: "0b4e9c1a-1111-4222-8333-444455556666", name: "tiny" },
        { id: LIVE_DEMO_SESSION_ID, name: "live-demo" },
      ]);
    } finally {
      await em.close();
    }
  });

  it("refuses a sessions folder whose file takes the live demo's id", async () => {
    const dir = tempDir("emulator-sessions-");
    writeFileSync(join(dir, "clash.json"), JSON.stringify({ session_id: LIVE_DEMO_SESSION_ID, state: "ONGOING" }));
    await expect(startEmulator({ sessionsDir: dir })).rejects.toThrow(/duplicate session_id/);
  });
});

describe("signing helpers", () => {
  it("appends base64 of a body only when one is present, as Yoti's POST signing does", () => {
    const body = Buffer.from('{"client_session_token_ttl":600}');
    expect(buildSignedMessage("post", "/sessions?a=1", body)).toBe(
      "POST&/sessions?a=1&eyJjbGllbnRfc2Vzc2lvbl90b2tlbl90dGwiOjYwMH0=",
    );
    expect(buildSignedMessage("GET", "/sessions/x?a=1", Buffer.alloc(0))).toBe("GET&/sessions/x?a=1");
  });

  it("bounds the replay cache and forgets expired nonces", () => {
    const cache = new ReplayCache(1000, 3);
    expect(cache.checkAndRemember("a", 0)).toBe(true);
    expect(cache.checkAndRemember("a", 10)).toBe(false);
    for (const n of ["b", "c", "d"]) cache.checkAndRemember(n, 20);
    expect(cache.size).toBe(3);
    expect(cache.checkAndRemember("e", 2000)).toBe(true);
    expect(cache.size).toBe(1);
  });
});
