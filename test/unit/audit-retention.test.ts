import { describe, expect, it } from "vitest";
import { startRetention } from "../../src/audit/audit-retention.js";
import { sleep } from "../support/wait.js";

describe("startRetention", () => {
  it("runs at start and then on its interval, logs counts only, survives a failure, and stops", async () => {
    const calls: number[] = [];
    let fail = false;
    const store = {
      async applyRetention(_now: Date, days: number) {
        calls.push(days);
        if (fail) throw Object.assign(new Error("caller=alice"), { name: "AuditUnavailableError" });
        return { removed: 3 };
      },
    };
    const logged: unknown[] = [];
    const log = { info: (fields: object, message: string) => logged.push([fields, message]), warn: (fields: object, message: string) => logged.push([fields, message]) };
    const stop = startRetention(store, 30, log, 20);
    await sleep(5);
    expect(calls).toEqual([30]);
    expect(logged).toEqual([[{ removed: 3, retentionDays: 30 }, "audit retention removed old events"]]);
    fail = true;
    await sleep(30);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(logged).toContainEqual([{ error: "AuditUnavailableError" }, "audit retention failed; it is tried again later"]);
    expect(JSON.stringify(logged)).not.toContain("alice");
    stop();
    const after = calls.length;
    await sleep(50);
    expect(calls.length).toBe(after);
  });
});
