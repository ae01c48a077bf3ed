import { describe, expect, it } from "vitest";
import { createRequestStats } from "../../src/loaders/request-stats.js";
import { SessionLinker } from "../../src/loaders/session-linker.js";
import { createSessionLoader } from "../../src/loaders/session-loader.js";
import { ErrorCode } from "../../src/errors/error-codes.js";
import type { SessionSource } from "../../src/upstream/session-client.js";
import { UpstreamError } from "../../src/upstream/upstream-error.js";
import type { WireSession } from "../../src/upstream/wire/index.js";

/** An in-memory source that records every call, to assert the batches. */
function recordingSource(missing: Set<string> = new Set()): SessionSource & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async getSession(id) {
      calls.push(id);
      if (missing.has(id)) throw new UpstreamError(ErrorCode.NOT_FOUND, "GET /sessions/:id", 404);
      return { session_id: id, state: "COMPLETED", checks: [] } satisfies WireSession;
    },
  };
}

describe("session loader", () => {
  it("fetches each distinct id once per loader, whatever the number of loads", async () => {
    const source = recordingSource();
    const loader = createSessionLoader(source, new SessionLinker(), { stats: createRequestStats(), maxSessions: 100 });
    const results = await Promise.all(["a", "b", "a", "a", "b"].map((id) => loader.load(id)));
    expect(results.map((s) => s.session_id)).toEqual(["a", "b", "a", "a", "b"]);
    expect(source.calls).toEqual(["a", "b"]);
    await loader.load("a");
    expect(source.calls).toEqual(["a", "b"]);
  });

  it("caches failures within the loader, and a new loader (a new request) fetches again", async () => {
    const source = recordingSource(new Set(["gone"]));
    const loader = createSessionLoader(source, new SessionLinker(), { stats: createRequestStats(), maxSessions: 100 });
    await expect(loader.load("gone")).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    await expect(loader.load("gone")).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    expect(source.calls).toEqual(["gone"]);
    await expect(createSessionLoader(source, new SessionLinker(), { stats: createRequestStats(), maxSessions: 100 }).load("gone")).rejects.toBeInstanceOf(UpstreamError);
    expect(source.calls).toEqual(["gone", "gone"]);
  });

  it("lets one failing id fail alone", async () => {
    const source = recordingSource(new Set(["bad"]));
    const loader = createSessionLoader(source, new SessionLinker(), { stats: createRequestStats(), maxSessions: 100 });
    const settled = await Promise.allSettled([loader.load("ok"), loader.load("bad")]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected"]);
  });
});
