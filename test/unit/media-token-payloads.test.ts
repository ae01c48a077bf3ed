import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMediaTokens } from "../../src/server/http/media-token.js";

// With the secret known, tokens can be made whose MAC is right but whose payload is not what the
// gateway signs: the checks after the MAC must refuse them on their own.
const secret = randomBytes(32);
const TTL = 60;
const tokens = createMediaTokens(secret, TTL);
const grant = { sessionId: "9a7dbbfd-7190-486c-9066-91d372e4c6e2", mediaId: "50c9a97a-d76e-4ce3-a98c-36d2aa34eb08" };
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0, 500);
const FUTURE = Math.floor(NOW / 1000) + TTL;

/** A token over any payload text, signed with the gateway's secret. */
function signed(payloadText: string): string {
  const payload = Buffer.from(payloadText, "utf8").toString("base64url");
  return `${payload}.${createHmac("sha256", secret).update(payload).digest("base64url")}`;
}

describe("media tokens with a valid MAC", () => {
  it("are the gateway's own tokens when the payload is [session, media, expiry]", () => {
    // The forging helper spells tokens exactly as sign() does, so the refusals below are the payload's doing.
    expect(signed(JSON.stringify([grant.sessionId, grant.mediaId, FUTURE]))).toBe(tokens.sign(grant, NOW));
    expect(tokens.verify(signed(JSON.stringify([grant.sessionId, grant.mediaId, FUTURE])), NOW)).toEqual(grant);
  });

  it.each([
    ["not JSON", "[not json"],
    ["control characters", "\u0000\u00ff"],
    ["a string", JSON.stringify("a")],
    ["null", "null"],
    ["an object", JSON.stringify({ 0: grant.sessionId, 1: grant.mediaId, 2: FUTURE, length: 3 })],
    ["two items", JSON.stringify([grant.sessionId, grant.mediaId])],
    ["four items", JSON.stringify([grant.sessionId, grant.mediaId, FUTURE, "extra"])],
    ["a numeric session", JSON.stringify([42, grant.mediaId, FUTURE])],
    ["a numeric media", JSON.stringify([grant.sessionId, 42, FUTURE])],
    ["a text expiry", JSON.stringify([grant.sessionId, grant.mediaId, String(FUTURE)])],
    ["a null expiry", JSON.stringify([grant.sessionId, grant.mediaId, null])],
  ])("refuse %s", (_what, payload) => {
    const token = signed(payload);
    expect(token.split(".")[0]!.length).toBeGreaterThan(0);
    expect(tokens.verify(token, NOW)).toBeUndefined();
  });

  it("refuse an empty payload even with its MAC", () => {
    expect(tokens.verify(`.${createHmac("sha256", secret).update("").digest("base64url")}`, NOW)).toBeUndefined();
  });
});

describe("media token expiry", () => {
  const token = tokens.sign(grant, NOW);
  const expiresAtMs = FUTURE * 1000;

  it("lives ttlSeconds from the second it was signed in", () => {
    expect(expiresAtMs - NOW).toBeGreaterThan((TTL - 1) * 1000);
    expect(expiresAtMs - NOW).toBeLessThanOrEqual(TTL * 1000);
  });

  it("is valid up to the millisecond before its expiry and refused from that millisecond on", () => {
    expect(tokens.verify(token, NOW)).toEqual(grant);
    expect(tokens.verify(token, expiresAtMs - 1)).toEqual(grant);
    expect(tokens.verify(token, expiresAtMs)).toBeUndefined();
    expect(tokens.verify(token, expiresAtMs + 1)).toBeUndefined();
  });

  it("a token signed later lives later", () => {
    expect(tokens.verify(tokens.sign(grant, NOW + TTL * 1000), expiresAtMs)).toEqual(grant);
  });
});

describe("media token length", () => {
  /** A valid token of exactly `length` characters (session ids are any text to the token). */
  function tokenOfLength(length: number): string {
    for (let n = 1; n < 2_000; n++) {
      const token = tokens.sign({ sessionId: "s".repeat(n), mediaId: grant.mediaId }, NOW);
      if (token.length === length) return token;
      if (token.length > length) break;
    }
    throw new Error(`no token of length ${length}`);
  }

  it("accepts a valid token of 2048 characters and refuses the next longer one", () => {
    const longest = tokenOfLength(2048);
    expect(tokens.verify(longest, NOW)?.mediaId).toBe(grant.mediaId);
    // base64url never ends a payload on a length of 1 mod 4, so 2050 is the next token length after 2048.
    const tooLong = tokenOfLength(2050);
    const [payload] = tooLong.split(".");
    expect(createHmac("sha256", secret).update(payload!).digest("base64url")).toBe(tooLong.split(".")[1]);
    expect(tokens.verify(tooLong, NOW)).toBeUndefined();
  });
});
