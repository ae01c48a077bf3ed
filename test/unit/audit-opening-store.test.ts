import { describe, expect, it } from "vitest";
import type { AuditStore } from "../../src/audit/audit-store.js";
import { AuditUnavailableError } from "../../src/audit/audit-store.js";
import { OpeningStore } from "../../src/audit/opening-store.js";
import { until } from "../support/wait.js";

/** A store stand-in that records what reached it (the opening logic is what is under test). */
function fakeStore(): AuditStore & { appended: number; closed: boolean } {
  const store = {
    kind: "postgres" as const,
    available: true,
    appended: 0,
    closed: false,
    async append(events: readonly unknown[]) {
      store.appended += events.length;
    },
    list: async () => ({ events: [], hasNextPage: false }),
    stream: () => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true as const, value: undefined }) }) }),
    checkpoint: async () => ({ seq: "0", hash: "0".repeat(64) }),
    applyRetention: async () => ({ removed: 0 }),
    async close() {
      store.closed = true;
    },
  };
  return store;
}

describe("OpeningStore", () => {
  it("is unavailable and refuses appends until an open succeeds, retrying failed opens, then is the opened store", async () => {
    const inner = fakeStore();
    let attempts = 0;
    const failures: number[] = [];
    const opening = new OpeningStore(
      "postgres",
      async () => {
        attempts += 1;
        if (attempts < 3) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
        return inner;
      },
      (_error, attempt) => failures.push(attempt),
      10,
    );
    expect(opening.available).toBe(false);
    await expect(opening.append([])).rejects.toBeInstanceOf(AuditUnavailableError);
    await expect(opening.checkpoint()).rejects.toBeInstanceOf(AuditUnavailableError);
    expect(await opening.opened).toBe(inner);
    expect(failures).toEqual([1, 2]);
    expect(opening.available).toBe(true);
    await opening.append([{} as never]);
    expect(inner.appended).toBe(1);
    await opening.close();
    expect(inner.closed).toBe(true);
  });

  it("closed while it cannot open: stops retrying, and `opened` resolves undefined", async () => {
    let attempts = 0;
    const opening = new OpeningStore("pglite", async () => {
      attempts += 1;
      throw new Error("no");
    }, () => {}, 5);
    await until(() => attempts >= 2, { what: "two attempts" });
    await opening.close();
    expect(await opening.opened).toBeUndefined();
    const seen = attempts;
    await new Promise((r) => setTimeout(r, 30));
    expect(attempts).toBe(seen);
  });
});
