import { describe, expect, it } from "vitest";
import { AuditUnavailableError } from "../../src/audit/audit-store.js";
import { GroupCommit } from "../../src/audit/group-commit.js";

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("GroupCommit", () => {
  it("submissions made while a commit is in flight share the next transaction; each resolves only after its commit", async () => {
    const batches: number[][] = [];
    const gates: ReturnType<typeof deferred>[] = [];
    const group = new GroupCommit<number>({
      commit: (items) => {
        batches.push(items);
        const gate = deferred();
        gates.push(gate);
        return gate.promise;
      },
      lingerMs: 0,
      maxBatch: 100,
      maxPending: 1_000,
    });
    const settled: number[] = [];
    const first = group.submit([1]).then(() => settled.push(1));
    await new Promise((r) => setTimeout(r, 5));
    const rest = [2, 3, 4].map((n) => group.submit([n]).then(() => settled.push(n)));
    await new Promise((r) => setTimeout(r, 5));
    expect(batches).toEqual([[1]]);
    expect(settled).toEqual([]);
    gates[0]!.resolve();
    await first;
    await new Promise((r) => setTimeout(r, 5));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(settled).toEqual([1]);
    gates[1]!.resolve();
    await Promise.all(rest);
    expect(settled).toEqual([1, 2, 3, 4]);
  });

  it("a failed commit rejects every submission in it with AuditUnavailableError; the next batch is tried afresh", async () => {
    let fail = true;
    const failed: Error[] = [];
    let committed = 0;
    const group = new GroupCommit<number>({
      commit: async () => {
        if (fail) throw Object.assign(new Error("connection lost: caller=alice purpose=secret"), { code: "ECONNRESET" });
      },
      lingerMs: 1,
      maxBatch: 100,
      maxPending: 1_000,
      onFailed: (cause) => failed.push(cause),
      onCommitted: () => committed++,
    });
    const outcomes = await Promise.allSettled([group.submit([1]), group.submit([2])]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    const reason = (outcomes[0] as PromiseRejectedResult).reason as AuditUnavailableError;
    expect(reason).toBeInstanceOf(AuditUnavailableError);
    // The cause keeps the code, never the driver's message (which may quote a row's values).
    expect((reason.cause as Error).message).toBe("Error ECONNRESET");
    expect(failed).toHaveLength(1);
    fail = false;
    await group.submit([3]);
    expect(committed).toBe(1);
    expect(group.size).toBe(0);
  });

  it("splits batches at maxBatch (whole submissions) and refuses submissions beyond maxPending", async () => {
    const batches: number[] = [];
    const group = new GroupCommit<number>({ commit: async (items) => void batches.push(items.length), lingerMs: 0, maxBatch: 5, maxPending: 12 });
    const done = [group.submit([1, 2, 3]), group.submit([4, 5]), group.submit([6, 7, 8, 9, 10, 11])];
    expect(group.size).toBe(11);
    await expect(group.submit([12, 13])).rejects.toBeInstanceOf(AuditUnavailableError);
    await Promise.all(done);
    expect(batches).toEqual([5, 6]);
  });

  it("close waits for queued submissions, then refuses new ones", async () => {
    const seen: number[] = [];
    const group = new GroupCommit<number>({
      commit: async (items) => {
        await new Promise((r) => setTimeout(r, 10));
        seen.push(...items);
      },
      lingerMs: 2,
      maxBatch: 100,
      maxPending: 100,
    });
    const pending = group.submit([1]);
    await group.close();
    await pending;
    expect(seen).toEqual([1]);
    await expect(group.submit([2])).rejects.toBeInstanceOf(AuditUnavailableError);
  });
});
