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
const { hashApiKey } = await import("../../src/config/security-config.js");

const entry = (name: string, key: string) => ({ name, sha256: Buffer.from(hashApiKey(key), "hex"), scopes: ["sessions:read" as const] });

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

  it("the metrics token is compared the same way (digests of one length, timingSafeEqual)", async () => {
    // Read as text, not imported: importing the server inside a test would make Stryker count all
    // of its module-level code as covered by this one test.
    const source = (await import("node:fs")).readFileSync(new URL("../../src/server/http-app.ts", import.meta.url), "utf8");
    expect(source).toMatch(/timingSafeEqual\(createHash\("sha256"\)\.update\(token, "utf8"\)\.digest\(\), sha256\)/);
  });
});
