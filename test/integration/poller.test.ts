import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../support/stack.js";
import { collect, getsOf, metricValue, parkedSession, wsClient } from "../support/live.js";
import { sleep, until } from "../support/wait.js";

const INTERVAL_MS = 100;
const QUERY = `subscription($id: ID!) {
  sessionUpdated(id: $id) {
    topic resourceId taskId checkId
    session { state checks { id state } resources { idDocuments { id lastUpdated tasks { id state } } livenessCapture { id lastUpdated } } }
  }
}`;

/** What a poll compares: the state, each check's and task's state, each resource's last_updated. */
function signature(session: any): string {
  const docs = session.resources.idDocuments ?? [];
  return JSON.stringify([
    session.state,
    session.checks.map((c: any) => [c.id, c.state]),
    docs.map((d: any) => [d.id, d.lastUpdated, d.tasks.map((t: any) => [t.id, t.state])]),
    (session.resources.livenessCapture ?? []).map((l: any) => [l.id, l.lastUpdated]),
  ]);
}

/** Waits long enough for several polls to have happened, were any still scheduled. */
const severalIntervals = () => sleep(INTERVAL_MS * 6);

describe("without webhooks: the poller", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ live: { pollIntervalMs: INTERVAL_MS } });
  });
  afterAll(() => stack?.close());

  it("sends an event only when something changed, named like Yoti's notifications, and stops at COMPLETED", async () => {
    const id = parkedSession(stack);
    const client = wsClient(stack.gateway.url);
    const sub = collect(client, QUERY, { id });
    await sub.waitFor(1);
    // Several polls of an unchanged session: no event.
    await until(() => getsOf(stack, id) >= 4, { timeoutMs: 10_000, what: "a few polls" });
    expect(sub.events).toHaveLength(1);
    stack.emulator.play({ sessionId: id, stepMs: 3 * INTERVAL_MS, notify: false });
    await sub.ended;
    const updates = sub.events.map((e) => e.data.sessionUpdated);
    expect(sub.events.every((e) => e.errors === undefined)).toBe(true);
    expect(updates[0].topic).toBe("snapshot");
    expect(updates.at(-1)).toMatchObject({ topic: "session_completion", session: { state: "COMPLETED" } });
    // Every event shows a change from the one before it.
    const signatures = updates.map((u) => signature(u.session));
    for (let i = 1; i < signatures.length; i += 1) expect(signatures[i], `event ${i}`).not.toBe(signatures[i - 1]);
    // 8 steps after the parked state; two steps within one poll would show as one event.
    expect(updates.length).toBeGreaterThanOrEqual(4);
    expect(updates.length).toBeLessThanOrEqual(9);
    for (const u of updates.slice(1)) {
      expect(["resource_update", "task_completion", "check_completion", "session_completion", "session_update"]).toContain(u.topic);
      if (u.topic === "check_completion") expect(u.session.checks.find((c: any) => c.id === u.checkId)?.state).toBe("DONE");
      if (u.topic === "task_completion") expect(u.taskId).toBe(u.session.resources.idDocuments[0].tasks[0].id);
    }
    // More polls than events: unchanged polls were silent.
    expect(getsOf(stack, id)).toBeGreaterThan(updates.length);
    const gets = getsOf(stack, id);
    await severalIntervals();
    expect(getsOf(stack, id)).toBe(gets);
    expect(stack.gateway.liveSessions.poller.polling).toBe(0);
    await client.dispose();
  });

  it("keeps polling while any subscriber remains, and stops when the last one leaves", async () => {
    const id = parkedSession(stack);
    const client = wsClient(stack.gateway.url);
    const first = collect(client, QUERY, { id });
    const second = collect(client, QUERY, { id });
    await Promise.all([first.waitFor(1), second.waitFor(1)]);
    first.stop();
    const afterFirstLeft = getsOf(stack, id);
    await until(() => getsOf(stack, id) >= afterFirstLeft + 3, { timeoutMs: 10_000, what: "polls for the remaining subscriber" });
    expect(second.events).toHaveLength(1);
    second.stop();
    await until(async () => (await metricValue(stack, "idv_graph_live_subscriptions")) === 0 && stack.gateway.liveSessions.poller.polling === 0, { timeoutMs: 10_000, what: "the watch to end" });
    const gets = getsOf(stack, id);
    await severalIntervals();
    expect(getsOf(stack, id)).toBe(gets);
    expect(await metricValue(stack, "idv_graph_live_upstream_gets_total", { cause: "poll" })).toBeGreaterThan(0);
    await client.dispose();
  });

  it("a session that is already finished is read once and its stream ends with that snapshot", async () => {
    const id = randomUUID();
    await stack.emulator.play({ sessionId: id, stepMs: 1, notify: false }).done;
    const client = wsClient(stack.gateway.url);
    const sub = collect(client, QUERY, { id });
    await sub.ended;
    expect(sub.events.map((e) => e.data.sessionUpdated.session.state)).toEqual(["COMPLETED"]);
    await severalIntervals();
    expect(getsOf(stack, id)).toBe(1);
    await client.dispose();
  });

  it("a change no Yoti topic names (here: EXPIRED) is sent and counted as session_update", async () => {
    const id = randomUUID();
    const session = (state: string) => ({ session_id: id, state, checks: [], resources: { id_documents: [], liveness_capture: [] } });
    stack.emulator.addSession(id, session("ONGOING"));
    const counted = () => metricValue(stack, "idv_graph_live_events_total", { topic: "session_update" });
    const before = await counted();
    const client = wsClient(stack.gateway.url);
    const sub = collect(client, QUERY, { id });
    await sub.waitFor(1);
    stack.emulator.addSession(id, session("EXPIRED"));
    await sub.ended;
    expect(sub.events.map((e) => [e.data.sessionUpdated.topic, e.data.sessionUpdated.session.state])).toEqual([
      ["snapshot", "ONGOING"],
      ["session_update", "EXPIRED"],
    ]);
    expect(await counted()).toBe(before + 1);
    await client.dispose();
  });
});
