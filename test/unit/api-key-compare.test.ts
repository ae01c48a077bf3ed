import { afterEach, describe, expect, it, vi } from "vitest";

// The comparison must be constant-time: no functional test can see a timing leak, so this one
// watches which comparison runs. timingSafeEqual keeps its real behaviour; only calls are recorded.
const calls = vi.hoisted(() => [] as [Buffer, Buffer][]);
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return {
    ...actual,
    timingSafeEqual: (a: Buffer, b: Buffer) => {
      calls.push([Buffer.from(a), Buffer.from(b)]);
      return actual.timingSafeEqual(a, b);
    },
  };
});

const { createHash } = await import("node:crypto");
const { createAuthenticator } = await import("../../src/server/graphql/authenticate.js");
const { apiKeyEntry } = await import("../support/tokens.js");

const entry = (name: string, key: string) => apiKeyEntry(name, key, ["sessions:read"]);

describe("API key comparison", () => {
  afterEach(() => {
    calls.length = 0;
  });

  it("compares the key's SHA-256 with every stored hash through timingSafeEqual, matching or not", async () => {
    const keys = [entry("a", "key-a"), entry("b", "key-b"), entry("c", "key-c")];
    const authenticate = await createAuthenticator({ apiKeys: keys, explicitlyOpen: false });
    const digest = createHash("sha256").update("key-b", "utf8").digest();
    expect((await authenticate("Bearer key-b")).name).toBe("b");
    // Every entry, always, and nothing else: no early exit that would tell which key matched.
    expect(calls).toHaveLength(3);
    expect(calls.map(([given]) => given.equals(digest))).toEqual([true, true, true]);
    expect(calls.map(([, stored]) => stored)).toEqual(keys.map((k) => k.sha256));

    calls.length = 0;
    await expect(authenticate("Bearer key-z")).rejects.toThrow();
    expect(calls).toHaveLength(3);
  });

  it("the metrics token is compared the same way: the SHA-256 of whatever was sent, through timingSafeEqual", async () => {
    const { bearerMatches } = await import("../../src/server/http/bearer-token.js");
    const stored = createHash("sha256").update("metrics-token-0123456789").digest();
    expect(bearerMatches("Bearer metrics-token-0123456789", stored)).toBe(true);
    expect(bearerMatches("bearer   metrics-token-0123456789 ", stored)).toBe(true);
    for (const header of ["Bearer x", "Bearer metrics-token-0123456789x", "Basic metrics-token-0123456789", "", undefined]) {
      expect(bearerMatches(header, stored)).toBe(false);
    }
    // Seven comparisons, each of two 32-byte digests: nothing shorter is ever compared, nothing is skipped.
    expect(calls).toHaveLength(7);
    for (const [given, against] of calls) {
      expect(given).toHaveLength(32);
      expect(against.equals(stored)).toBe(true);
    }
  });
});
