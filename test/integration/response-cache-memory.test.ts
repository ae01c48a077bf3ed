import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSession } from "../support/demo-data.js";
import { getsOf, metricValue } from "../support/live.js";
import { startStack, type Stack } from "../support/stack.js";

const ANSWERS = 1_000;
const SESSIONS = 10;
const MAX_BYTES = 1024 * 1024;
const CONCURRENCY = 8;

/** A large finished session: the approved demo with its checks repeated 40 times. */
function largeSession(id: string): Record<string, any> {
  const approved = demoSession("approved");
  const checks = Array.from({ length: 40 }, (_, i) => approved.checks.map((c: Record<string, any>) => ({ ...c, id: `${c.id.slice(0, -4)}${String(i).padStart(4, "0")}` }))).flat();
  return { ...approved, session_id: id, checks };
}

/** The n-th distinct operation (its own text, so its own answer) over one large session: about 40 KB of answer. */
const operation = (n: number) => `query Large${n}($id: ID!) { session(id: $id) { id state checks { id type state created lastUpdated resourcesUsed report { recommendation { value reason } } } } }`;

describe("response cache memory bound (GATEWAY_RESPONSE_CACHE_MAX_MB=1) with 1,000 large answers", () => {
  let stack: Stack;
  let ids: string[];
  const held = () => metricValue(stack, "idv_graph_response_cache_bytes");

  beforeAll(async () => {
    stack = await startStack({ cache: { ttlSeconds: 0, responseTtlSeconds: 3_600, responseMaxBytes: MAX_BYTES } });
    ids = Array.from({ length: SESSIONS }, () => randomUUID());
    for (const id of ids) stack.emulator.addSession(id, largeSession(id));
  });
  afterAll(() => stack?.close());

  it("the bytes held never pass the bound while 1,000 answers (about 40 MB) are kept in turn; the least recently read leave, counted as size", async () => {
    let answerBytes = 0;
    let peak = 0;
    for (let start = 0; start < ANSWERS; start += CONCURRENCY) {
      const batch = Array.from({ length: CONCURRENCY }, (_, i) => start + i);
      const answers = await Promise.all(batch.map((n) => stack.post(JSON.stringify({ query: operation(n), variables: { id: ids[n % SESSIONS] } }))));
      for (const { json } of answers) {
        const res = json as { data: { session: { checks: unknown[] } }; errors?: unknown };
        expect(res.errors).toBeUndefined();
        expect(res.data.session.checks).toHaveLength(160);
        answerBytes = Math.max(answerBytes, Buffer.byteLength(JSON.stringify(json)));
      }
      const now = await held();
      expect(now).toBeLessThanOrEqual(MAX_BYTES);
      peak = Math.max(peak, now);
    }
    expect(answerBytes * ANSWERS).toBeGreaterThan(30 * MAX_BYTES);
    expect(await metricValue(stack, "idv_graph_response_cache_stored_total")).toBe(ANSWERS);
    // Full, but never over (an answer's weight is about twice its bytes: the heap holds UTF-16).
    expect(peak).toBeGreaterThan(MAX_BYTES - 3 * answerBytes);
    const evicted = await metricValue(stack, "idv_graph_response_cache_evictions_total", { reason: "size" });
    const kept = ANSWERS - evicted;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(MAX_BYTES / answerBytes);

    // The most recent answer is still served without a GET; the first one is gone.
    const last = ANSWERS - 1;
    const gets = getsOf(stack, ids[last % SESSIONS]!);
    await stack.post(JSON.stringify({ query: operation(last), variables: { id: ids[last % SESSIONS] } }));
    expect(getsOf(stack, ids[last % SESSIONS]!)).toBe(gets);
    const firstGets = getsOf(stack, ids[0]!);
    await stack.post(JSON.stringify({ query: operation(0), variables: { id: ids[0] } }));
    expect(getsOf(stack, ids[0]!)).toBe(firstGets + 1);
    expect(await held()).toBeLessThanOrEqual(MAX_BYTES);
  }, 90_000); // 1,000 sequential requests: a budget for a busy machine, not a timing assertion
});
