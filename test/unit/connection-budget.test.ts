import { describe, expect, it } from "vitest";
import { ConnectionBudget } from "../../src/server/websocket/connection-budget.js";

const socket = () => ({});

describe("WebSocket connection budgets: pending sockets apart from authenticated connections", () => {
  it("refuses by address, then by process, then for capacity; each socket is counted once, wherever it is", () => {
    const budget = new ConnectionBudget<object>({ maxConnections: 2, maxPending: 3, maxPendingPerAddress: 2 });
    const [a1, a2, b1] = [socket(), socket(), socket()];
    budget.opened(a1, "a");
    budget.opened(a2, "a");
    expect(budget.refusalFor("a")).toBe("pending-per-address");
    expect(budget.refusalFor("b")).toBeUndefined();
    budget.opened(b1, "b");
    expect(budget.refusalFor("c")).toBe("pending");
    expect(budget.waiting).toBe(3);
    // Authenticating frees the address's share and takes a connection.
    expect(budget.authenticate(a1)).toBe(true);
    expect([budget.waiting, budget.connections]).toEqual([2, 1]);
    expect(budget.refusalFor("a")).toBeUndefined();
    expect(budget.authenticate(a2)).toBe(true);
    expect(budget.refusalFor("z")).toBe("capacity");
    // The capacity filled while b1 waited: it may not join, and it no longer counts as pending.
    expect(budget.authenticate(b1)).toBe(false);
    expect([budget.waiting, budget.connections]).toEqual([0, 2]);
    budget.closed(b1);
    budget.closed(a1);
    expect([budget.waiting, budget.connections]).toEqual([0, 1]);
    expect(budget.refusalFor("z")).toBeUndefined();
  });

  it("an address's count goes down one socket at a time and is forgotten at zero; closing twice changes nothing", () => {
    const budget = new ConnectionBudget<object>({ maxConnections: 10, maxPending: 10, maxPendingPerAddress: 3 });
    const sockets = [socket(), socket(), socket()];
    for (const s of sockets) budget.opened(s, "a");
    expect(budget.refusalFor("a")).toBe("pending-per-address");
    budget.closed(sockets[0]!);
    expect(budget.refusalFor("a")).toBeUndefined();
    budget.opened(socket(), "a");
    expect(budget.refusalFor("a")).toBe("pending-per-address");
    budget.closed(sockets[1]!);
    budget.closed(sockets[1]!);
    budget.closed(sockets[2]!);
    expect(budget.waiting).toBe(1);
    expect(budget.refusalFor("a")).toBeUndefined();
  });
});
