import { describe, expect, it } from "vitest";
import { AttemptGate } from "../../src/upstream/attempt-gate.js";

const tick = () => new Promise((r) => setImmediate(r));

describe("attempt gate", () => {
  it("grants at most `max` overall and `perKey` per key, first come first served, skipping full keys", async () => {
    const gate = new AttemptGate(3, 2);
    const order: string[] = [];
    const take = (key: string) => gate.acquire(key).then((release) => (order.push(key), release));
    const a1 = await take("a");
    const a2 = await take("a");
    const a3 = take("a"); // a is full
    const b1 = await take("b"); // overall now full (3)
    const c1 = take("c");
    await tick();
    expect(order).toEqual(["a", "a", "b"]);
    expect(gate.inFlight).toBe(3);
    b1(); // frees one overall: a is still full, so c goes first
    await tick();
    expect(order).toEqual(["a", "a", "b", "c"]);
    a1(); // a has room again
    await tick();
    expect(order).toEqual(["a", "a", "b", "c", "a"]);
    a2();
    (await a3)();
    (await c1)();
    expect(gate.inFlight).toBe(0);
  });

  it("a waiter whose signal aborts leaves the queue at once and never takes a slot", async () => {
    const gate = new AttemptGate(1, 1);
    const held = await gate.acquire("x");
    const controller = new AbortController();
    const waiting = gate.acquire("y", controller.signal);
    const next = gate.acquire("z");
    controller.abort(new Error("gone"));
    await expect(waiting).rejects.toThrow("gone");
    held();
    const release = await next;
    expect(gate.inFlight).toBe(1);
    release();
    release(); // twice is harmless
    expect(gate.inFlight).toBe(0);
    await expect(gate.acquire("y", AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
    expect(gate.inFlight).toBe(0);
  });
});
