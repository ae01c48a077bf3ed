import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { authQuery, createRequestSigner, signMessage, signedMessage } from "../../src/upstream/sign-request.js";

// Yoti's own published test key, shipped inside the official SDK package.
const require = createRequire(import.meta.url);
const pem = readFileSync(require.resolve("yoti/tests/sample-data/keys/node-sdk-test.pem"));
const key = createPrivateKey(pem);

describe("request signing", () => {
  it("orders the auth query as Yoti's Node SDK does: sdkId, nonce, timestamp (ms)", () => {
    expect(authQuery("00000000-0000-4000-8000-000000000001", "6f1f4d0e-3a7a-4b1c-9f2e-1c2d3e4f5a6b", 1700000000000)).toBe(
      "sdkId=00000000-0000-4000-8000-000000000001&nonce=6f1f4d0e-3a7a-4b1c-9f2e-1c2d3e4f5a6b&timestamp=1700000000000",
    );
  });

  it("defaults to a fresh UUID v4 nonce and a millisecond timestamp", () => {
    const before = Date.now();
    const params = new URLSearchParams(authQuery("sdk"));
    expect(params.get("nonce")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ts = Number(params.get("timestamp"));
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(Date.now());
    expect(authQuery("sdk")).not.toBe(authQuery("sdk"));
  });

  it("lays out the message as GET&<relative path>?<query>", () => {
    expect(signedMessage("GET", "/sessions/abc", "sdkId=s&nonce=n&timestamp=1")).toBe(
      "GET&/sessions/abc?sdkId=s&nonce=n&timestamp=1",
    );
  });

  it("reproduces the api doc's worked example byte for byte (RSA-SHA256, PKCS#1 v1.5, base64)", async () => {
    const message =
      "GET&/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6?sdkId=00000000-0000-4000-8000-000000000001&nonce=6f1f4d0e-3a7a-4b1c-9f2e-1c2d3e4f5a6b&timestamp=1700000000000";
    expect(await signMessage(key, message)).toBe(
      "JUeQgVmKWBkxrSNJfabhGCjz29iTjZ0nukJ5EJi8rYOtpzhg3wky0sEWUtpVc8jDyWt7A9FV8ighxF45hfi4FDDnMckLBmbhIze+3wQW17lBN4qoAO8NKKC8Jj3Dpu3ARsBVSjgkXac03qO+UeQ5EGx+EQQ0Y8vZ67JZUS8st2UULcwC50WM45On126u6eBwFGqvjw+k/99kF7CDn2KX8nyLnT5ONcw+z4T/r2Tle8ADA0oPfIswTKIFevbey8hPXBZJblhZtQN6ihPGkUEWGEbmExv6+Pa9MUurhtAulOqnp5ryTh0YDcpOAYVVialLgg9yFrbUpu7ZSRBvH+R5hQ==",
    );
  });

  it("produces a 344-character signature that verifies with the public key", async () => {
    const message = signedMessage("GET", "/sessions/x", authQuery("sdk"));
    const signature = await signMessage(key, message);
    expect(signature).toMatch(/^[a-zA-Z0-9/+=]{344}$/);
    expect(verify("sha256", Buffer.from(message), createPublicKey(key), Buffer.from(signature, "base64"))).toBe(true);
    expect(verify("sha256", Buffer.from(`${message}x`), createPublicKey(key), Buffer.from(signature, "base64"))).toBe(false);
  });

  it("signs off the event loop to the same signature, and rejects when the key cannot sign", async () => {
    const message = signedMessage("GET", "/sessions/x", authQuery("sdk", "n", 1));
    await expect(signMessage(key, message)).resolves.toBe(sign("sha256", Buffer.from(message), key).toString("base64"));
    // An Ed25519 key cannot make an RSA-SHA256 signature: the failure arrives in the callback.
    const { privateKey: ed25519 } = generateKeyPairSync("ed25519");
    await expect(signMessage(ed25519, message)).rejects.toThrow();
  });

  it("signs inline (already settled when it returns) to the same signature, and rejects rather than throws when the key cannot sign", async () => {
    const message = signedMessage("GET", "/sessions/x", authQuery("sdk", "n", 1));
    // A promise settled before the call returned wins a race against one resolved after it; one still
    // waiting for the thread pool loses it.
    const later = Symbol("later");
    const settledAtOnce = (signing: Promise<string>) => Promise.race([signing, Promise.resolve(later)]);
    const pooled = signMessage(key, message);
    expect(await settledAtOnce(pooled)).toBe(later);
    expect(await settledAtOnce(signMessage(key, message, true))).toBe(await pooled);
    const { privateKey: ed25519 } = generateKeyPairSync("ed25519");
    await expect(settledAtOnce(signMessage(ed25519, message, true))).rejects.toThrow();
  });

  it.each(["https://api.example.com/idv", "https://api.example.com/idv/", "https://api.example.com/idv//"])(
    "signs the path below the base URL %s, whatever slashes end it",
    async (baseUrl) => {
      const url = new URL("https://api.example.com/idv/sessions/x");
      const headers: Record<string, unknown> = {};
      await createRequestSigner(baseUrl, "sdk", key)("GET", url, headers);
      const message = signedMessage("GET", "/sessions/x", url.search.slice(1));
      expect(verify("sha256", Buffer.from(message), createPublicKey(key), Buffer.from(headers["x-yoti-auth-digest"] as string, "base64"))).toBe(true);
    },
  );
});
