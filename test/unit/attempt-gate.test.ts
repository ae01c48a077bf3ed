import { describe, expect, it } from "vitest";
import { AttemptGate, type Release } from "../../src/upstream/attempt-gate.js";

/** Lets every queued promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Starts `count` acquisitions and records which have their slot. */
function acquireAll(gate: AttemptGate, keys: string[], signal?: AbortSignal) {
  const granted: (Release | undefined)[] = keys.map(() => undefined);
  const errors: unknown[] = keys.map(() => undefined);
  keys.forEach((key, i) => {
    gate.acquire(key, signal).then(
      (release) => (granted[i] = release),
      (error) => (errors[i] = error),
    );
  });
  return { granted, errors, holding: () => granted.map((g) => g !== undefined) };
}

describe("AttemptGate", () => {
  it("holds at most `max` attempts in flight overall; a release lets the next one in", async () => {
    const gate = new AttemptGate(2, 10);
    const run = acquireAll(gate, ["a", "b", "c"]);
    await settle();
    expect(run.holding()).toEqual([true, true, false]);
    expect(gate.inFlight).toBe(2);
    run.granted[0]!();
    await settle();
    expect(run.holding()).toEqual([true, true, true]);
    expect(gate.inFlight).toBe(2);
    run.granted[1]!();
    run.granted[2]!();
    await settle();
    expect(gate.inFlight).toBe(0);
  });

  it("holds at most `perKey` for one key while other keys still get theirs", async () => {
    const gate = new AttemptGate(10, 2);
    const run = acquireAll(gate, ["s", "s", "s", "t"]);
    await settle();
    expect(run.holding()).toEqual([true, true, false, true]);
    expect(gate.inFlight).toBe(3);
    run.granted[1]!();
    await settle();
    expect(run.holding()[2]).toBe(true);
  });

  it("a key's queued callers wait in the key's queue, not the shared one", async () => {
    const gate = new AttemptGate(2, 1);
    const run = acquireAll(gate, ["stalled", "stalled", "stalled", "healthy"]);
    await settle();
    // Overall there are 2 slots: the stalled key holds one, its queued callers do not take the other.
    expect(run.holding()).toEqual([true, false, false, true]);
  });

  it("a release given twice frees one slot", async () => {
    const gate = new AttemptGate(1, 10);
    const first = await gate.acquire("a");
    first();
    first();
    const run = acquireAll(gate, ["b", "c"]);
    await settle();
    expect(run.holding()).toEqual([true, false]);
    expect(gate.inFlight).toBe(1);
  });

  it.each([
    ["the shared queue", new AttemptGate(1, 10), ["a", "b", "c"]],
    ["its session's queue", new AttemptGate(10, 1), ["s", "s", "s"]],
  ] as const)("a caller whose signal aborts while waiting in %s leaves with the signal's reason and takes no slot", async (_where, gate, [first, waiting, next]) => {
    const holder = await gate.acquire(first);
    const controller = new AbortController();
    const queued = acquireAll(gate, [waiting], controller.signal);
    const behind = acquireAll(gate, [next]);
    await settle();
    const reason = new Error("caller left");
    controller.abort(reason);
    await settle();
    expect(queued.errors[0]).toBe(reason);
    holder();
    await settle();
    expect(behind.holding()).toEqual([true]);
    expect(queued.holding()).toEqual([false]);
  });

  it("an already aborted signal never gets a slot", async () => {
    const gate = new AttemptGate(1, 1);
    await expect(gate.acquire("a", AbortSignal.abort(new Error("gone")))).rejects.toThrow("gone");
    expect(gate.inFlight).toBe(0);
  });

  it("forgets a key once nothing is queued or running under it (session ids are unbounded)", async () => {
    const gate = new AttemptGate(4, 2);
    const keys = () => (gate["bySession"] as Map<string, unknown>).size;
    const run = acquireAll(gate, ["a", "a", "a", "b"]);
    await settle();
    expect(keys()).toBe(2);
    run.granted[3]!();
    await settle();
    expect(keys()).toBe(1);
    run.granted[0]!();
    run.granted[1]!();
    await settle();
    expect(keys()).toBe(1);
    run.granted[2]!();
    await settle();
    expect(keys()).toBe(0);
    const again = await gate.acquire("a");
    expect(keys()).toBe(1);
    again();
    await settle();
    expect(keys()).toBe(0);
  });

  it("grants at most `max` overall and `perKey` per key, first come first served, skipping full keys", async () => {
    const gate = new AttemptGate(3, 2);
    const order: string[] = [];
    const take = (key: string) => gate.acquire(key).then((release) => (order.push(key), release));
    const a1 = await take("a");
    const a2 = await take("a");
    const a3 = take("a"); // a is full
    const b1 = await take("b"); // overall now full (3)
    const c1 = take("c");
    await settle();
    expect(order).toEqual(["a", "a", "b"]);
    expect(gate.inFlight).toBe(3);
    b1(); // frees one overall: a is still full, so c goes first
    await settle();
    expect(order).toEqual(["a", "a", "b", "c"]);
    a1(); // a has room again
    await settle();
    expect(order).toEqual(["a", "a", "b", "c", "a"]);
    a2();
    (await a3)();
    (await c1)();
    expect(gate.inFlight).toBe(0);
  });

  it("a caller's signal aborting after its grant leaves the queue behind it alone", async () => {
    const gate = new AttemptGate(1, 10);
    const first = new AbortController();
    const holder = await gate.acquire("a", first.signal);
    const run = acquireAll(gate, ["b", "c"]);
    await settle();
    first.abort(new Error("left after its grant"));
    await settle();
    expect(run.errors).toEqual([undefined, undefined]);
    holder();
    await settle();
    expect(run.holding()).toEqual([true, false]);
    run.granted[0]!();
    await settle();
    expect(run.holding()).toEqual([true, true]);
  });

  it("a waiter granted from the queue stops listening to its signal", async () => {
    const gate = new AttemptGate(1, 10);
    const holder = await gate.acquire("a");
    const controller = new AbortController();
    const queued = acquireAll(gate, ["b"], controller.signal);
    const behind = acquireAll(gate, ["c", "d"]);
    await settle();
    holder();
    await settle();
    expect(queued.holding()).toEqual([true]);
    controller.abort(new Error("left after its grant"));
    await settle();
    expect(behind.errors).toEqual([undefined, undefined]);
    queued.granted[0]!();
    await settle();
    expect(behind.holding()).toEqual([true, false]);
    behind.granted[0]!();
    await settle();
    expect(behind.holding()).toEqual([true, true]);
  });
});

describe("wouldGrant", () => {
  it("says whether an acquire would be granted at once: room overall and under the key", async () => {
    const gate = new AttemptGate(2, 1);
    expect(gate.wouldGrant("a")).toBe(true);
    const a = await gate.acquire("a");
    expect(gate.wouldGrant("a")).toBe(false);
    expect(gate.wouldGrant("b")).toBe(true);
    await gate.acquire("b");
    expect(gate.wouldGrant("c")).toBe(false);
    a();
    expect(gate.wouldGrant("a")).toBe(true);
  });
});
