import { describe, expect, it } from "vitest";
import { cachedSupportedDocuments } from "../../src/upstream/cache/supported-documents-cache.js";
import { upstreamStatusError } from "../../src/upstream/upstream-error.js";
import type { WireSupportedDocuments } from "../../src/upstream/wire/index.js";

/** A read that counts its calls per flag and answers what `answer` says. */
function counted(answer: (flag: boolean, n: number) => Promise<WireSupportedDocuments>) {
  const calls: boolean[] = [];
  const read = (flag: boolean) => {
    calls.push(flag);
    return answer(flag, calls.length);
  };
  return { calls, read };
}

describe("the supported-documents cache across requests", () => {
  it("keeps one body per flag for the TTL, then reads again", async () => {
    let now = 1_000_000;
    const { calls, read } = counted(async (flag, n) => ({ supported_countries: [{ code: `${flag}-${n}` }] }));
    const get = cachedSupportedDocuments(read, 60, () => now);
    expect(await get(false)).toEqual({ supported_countries: [{ code: "false-1" }] });
    expect(await get(false)).toEqual({ supported_countries: [{ code: "false-1" }] });
    expect(await get(true)).toEqual({ supported_countries: [{ code: "true-2" }] });
    now += 59_999;
    await get(false);
    expect(calls).toEqual([false, true]);
    now += 1;
    expect(await get(false)).toEqual({ supported_countries: [{ code: "false-3" }] });
    expect(calls).toEqual([false, true, false]);
  });

  it("shares one read among concurrent misses, keeps no failure, and hands out frozen bodies", async () => {
    let fail = true;
    const { calls, read } = counted(async () => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw upstreamStatusError("GET /supported-documents", 503);
      return { supported_countries: [] };
    });
    const get = cachedSupportedDocuments(read, 60);
    const failed = await Promise.allSettled([get(false), get(false), get(false)]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(calls.length).toBe(1);
    fail = false;
    const body = await get(false);
    expect(calls.length).toBe(2);
    expect(Object.isFrozen(body)).toBe(true);
  });

  it("with a TTL of 0 is the read itself", () => {
    const { read } = counted(async () => ({}));
    expect(cachedSupportedDocuments(read, 0)).toBe(read);
  });
});
