import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSession } from "../support/demo-data.js";
import { getsOf, metricValue } from "../support/live.js";
import { startStack, type Stack } from "../support/stack.js";

const SESSIONS = 1_000;
const PER_REQUEST = 100;
const MAX_MB = 1;
const MAX_BYTES = MAX_MB * 1024 * 1024;
const MANY = `query($ids: [ID!]!) { sessions(ids: $ids) { id state checks { id } } }`;

/** A large finished session: the approved demo with its checks repeated (about 60 KB of JSON). */
function largeSession(id: string): Record<string, any> {
  const approved = demoSession("approved");
  const checks = Array.from({ length: 40 }, (_, i) => approved.checks.map((c: Record<string, any>) => ({ ...c, id: `${c.id.slice(0, -4)}${String(i).padStart(4, "0")}` }))).flat();
  return { ...approved, session_id: id, checks };
}

describe("session cache memory bound (GATEWAY_CACHE_MAX_MB=1) with 1,000 large sessions", () => {
  let stack: Stack;
  let ids: string[];
  let bodyBytes: number;
  const bytesHeld = async () => (await metricValue(stack, "idv_graph_session_cache_bytes", { kind: "session" })) + (await metricValue(stack, "idv_graph_session_cache_bytes", { kind: "media" }));

  beforeAll(async () => {
    stack = await startStack({ cache: { ttlSeconds: 3_600, maxBytes: MAX_BYTES }, limits: { maxSessionsPerRequest: PER_REQUEST } });
    ids = Array.from({ length: SESSIONS }, () => randomUUID());
    for (const id of ids) stack.emulator.addSession(id, largeSession(id));
    bodyBytes = Buffer.byteLength(JSON.stringify(largeSession(ids[0]!)));
  });
  afterAll(() => stack?.close());

  it("the bytes held never pass the bound while 1,000 sessions (about 60 MB) pass through; the least recently read leave, counted as size", async () => {
    expect(bodyBytes * SESSIONS).toBeGreaterThan(50 * MAX_BYTES);
    let peak = 0;
    for (let start = 0; start < SESSIONS; start += PER_REQUEST) {
      const batch = ids.slice(start, start + PER_REQUEST);
      const { json } = await stack.post(JSON.stringify({ query: MANY, variables: { ids: batch } }));
      const res = json as { data: { sessions: { id: string; checks: unknown[] }[] }; errors?: unknown };
      expect(res.errors).toBeUndefined();
      expect(res.data.sessions.map((s) => s.id)).toEqual(batch);
      expect(res.data.sessions[0]!.checks).toHaveLength(160);
      const held = await bytesHeld();
      expect(held).toBeLessThanOrEqual(MAX_BYTES);
      peak = Math.max(peak, held);
    }
    // Full, but never over: at least all but one body's worth of the bound is in use.
    expect(peak).toBeGreaterThan(MAX_BYTES - bodyBytes);
    const kept = Math.floor(MAX_BYTES / bodyBytes);
    expect(await metricValue(stack, "idv_graph_session_cache_evictions_total", { kind: "session", reason: "size" })).toBeGreaterThanOrEqual(SESSIONS - kept);

    // The most recently read are still there; the first ones are not.
    const recent = ids.slice(-Math.min(5, kept));
    const early = ids.slice(0, 5);
    const gets = (list: string[]) => list.map((id) => getsOf(stack, id));
    expect(gets([...recent, ...early])).toEqual(Array(recent.length + early.length).fill(1));
    await stack.post(JSON.stringify({ query: MANY, variables: { ids: [...recent, ...early] } }));
    expect(gets(recent)).toEqual(Array(recent.length).fill(1));
    expect(gets(early)).toEqual(Array(early.length).fill(2));
    expect(await bytesHeld()).toBeLessThanOrEqual(MAX_BYTES);
  });
});
