import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMediaTokens } from "../../src/server/http/media-token.js";

const tokens = createMediaTokens(randomBytes(32), 60);
const grant = { sessionId: "9a7dbbfd-7190-486c-9066-91d372e4c6e2", mediaId: "50c9a97a-d76e-4ce3-a98c-36d2aa34eb08" };

/** base64url digits: a 32-byte MAC is 43 of them, the last carrying 4 bits of the MAC and 2 spare bits. */
const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("media tokens", () => {
  it("verify what they sign, and refuse expired ones", () => {
    const token = tokens.sign(grant);
    expect(tokens.verify(token)).toEqual(grant);
    expect(tokens.verify(tokens.sign(grant, Date.now() - 61_000))).toBeUndefined();
  });

  it("accept only the one canonical base64url spelling of the signature", () => {
    const token = tokens.sign(grant);
    const [payload, signature] = token.split(".") as [string, string];
    const last = signature.at(-1)!;
    // Same 4 MAC bits, other spare bits: decodes to the same bytes, so a lenient decoder would accept it.
    const value = DIGITS.indexOf(last);
    const sibling = DIGITS[(value & ~0b11) | ((value + 1) & 0b11)]!;
    expect(Buffer.from(signature.slice(0, -1) + sibling, "base64url").equals(Buffer.from(signature, "base64url"))).toBe(true);
    const respellings = [
      `${payload}.${signature.slice(0, -1)}${sibling}`, // spare low bits changed
      `${payload}.${signature}=`, // padding
      `${payload}.${signature}==`,
      `${payload}.${signature.replace(/-/g, "+").replace(/_/g, "/")}`, // standard base64 alphabet
      `${payload}.${signature.slice(0, 10)}!${signature.slice(10)}`, // a character decoders skip
      `${payload}.${signature} `,
    ].filter((t) => t !== token);
    expect(respellings.length).toBeGreaterThanOrEqual(5);
    for (const spelling of respellings) expect(tokens.verify(spelling)).toBeUndefined();
  });

  it("refuse malformed and oversized tokens", () => {
    for (const bad of ["", ".", "abc", "abc.", ".abc", "a".repeat(2_000), `${tokens.sign(grant)}x`]) expect(tokens.verify(bad)).toBeUndefined();
  });
});
