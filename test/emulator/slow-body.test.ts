import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { demoSession } from "../support/demo-data.js";
import { emulatorForSuite, sessionWithImage, signedGet } from "./helpers.js";

const approved = demoSession("approved").session_id as string;
// Demo files are served compacted: the expected bytes are the file's JSON re-serialised.
const approvedBytes = Buffer.from(JSON.stringify(demoSession("approved")), "utf8");

/** Read a response body piece by piece, noting when each piece arrived (ms since `start`). */
async function readTimed(res: Response, start: number): Promise<{ bytes: Buffer; arrivals: number[] }> {
  const reader = res.body!.getReader();
  const parts: Uint8Array[] = [];
  const arrivals: number[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    arrivals.push(performance.now() - start);
  }
  return { bytes: Buffer.concat(parts), arrivals };
}

/**
 * Pieces came over time: the last one (ms since the request started) no sooner than the server's stall and
 * pauses allow, the first well before it. Only lower bounds, since a busy client may read late or merge pieces.
 */
function expectTrickled(arrivals: number[], minLastMs: number, delayMs: number): void {
  expect(arrivals.length).toBeGreaterThanOrEqual(2);
  expect(arrivals.at(-1)!).toBeGreaterThanOrEqual(minLastMs * 0.95);
  expect(arrivals[0]!).toBeLessThan(arrivals.at(-1)! - delayMs / 2);
}

describe("emulator slow bodies", () => {
  const em = emulatorForSuite({}, { isolate: true });

  const get = (path: string) => signedGet(em(), path);

  it("trickles the session JSON in chunks, announcing the full length up front", async () => {
    em().setFault(approved, { chunkBytes: 1000, chunkDelayMs: 60 });
    const start = performance.now();
    const res = await get(`/sessions/${approved}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(Number(res.headers.get("content-length"))).toBe(approvedBytes.length);
    const { bytes, arrivals } = await readTimed(res, start);
    expect(bytes).toEqual(approvedBytes);
    expectTrickled(arrivals, (Math.ceil(approvedBytes.length / 1000) - 1) * 60, 60);
  });

  it("trickles media bytes too, after a stall, and only `times` times", async () => {
    const mediaId = randomUUID();
    const image = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(9_996)]);
    em().addMedia(mediaId, { contentType: "image/jpeg", bytes: image });
    const sessionId = sessionWithImage(em(), mediaId);
    em().setFault(sessionId, { delayMs: 150, chunkBytes: 2_500, chunkDelayMs: 60, times: 1 });

    const start = performance.now();
    const slow = await get(`/sessions/${sessionId}/media/${mediaId}/content`);
    expect(performance.now() - start).toBeGreaterThanOrEqual(150 * 0.95);
    expect([slow.status, slow.headers.get("content-type"), slow.headers.get("content-length")]).toEqual([200, "image/jpeg", "10000"]);
    const { bytes, arrivals } = await readTimed(slow, start);
    expect(bytes).toEqual(image);
    expectTrickled(arrivals, 150 + 3 * 60, 60);

    // `times: 1` is used up: the next request falls through to the "*" rule (a timing-free way to tell).
    em().setFault("*", { status: 503, times: 1 });
    expect((await get(`/sessions/${sessionId}/media/${mediaId}/content`)).status).toBe(503);
    expect(em().stats().mediaGets).toEqual({ [`${sessionId}/${mediaId}`]: 2 });
  });

  it("writes the chunks back to back when chunkDelayMs is 0, and accepts slow-body faults over HTTP", async () => {
    const post = await fetch(new URL("/__emulator/faults", em().baseUrl), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sessionId: approved, chunkBytes: 64, chunkDelayMs: 0, times: 1 }),
    });
    expect(post.status).toBe(204);
    const res = await get(`/sessions/${approved}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(approvedBytes);
  });
});
