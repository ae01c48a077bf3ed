import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FullSessionDocument, SessionAliasesDocument, SessionStatesDocument } from "../generated/graphql.js";
import { demoSession } from "../support/demo-data.js";
import { startStack, type Stack } from "../support/stack.js";

let stack: Stack;
const approved = demoSession("approved").session_id as string;
const rejected = demoSession("rejected").session_id as string;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe("per-request DataLoader, counted at the emulator", () => {
  it("aliases, duplicate ids and nested edges to one session cost exactly one upstream GET", async () => {
    stack.emulator.resetStats();
    const res = await stack.query(SessionAliasesDocument, { id: approved });
    expect(res.errors).toBeUndefined();
    expect(res.data?.first?.id).toBe(approved);
    expect(res.data?.third).toHaveLength(2);
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 1 });
  });

  it("a new request fetches again", async () => {
    stack.emulator.resetStats();
    await stack.query(SessionStatesDocument, { ids: [approved] });
    await stack.query(SessionStatesDocument, { ids: [approved] });
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 2 });
  });

  it("sessions(ids:) with duplicates and mixed case fetches each distinct session once, in the order asked", async () => {
    stack.emulator.resetStats();
    const ids = [approved, rejected, approved.toUpperCase(), rejected, approved];
    const res = await stack.query(SessionStatesDocument, { ids });
    expect(res.errors).toBeUndefined();
    expect(res.data?.sessions.map((s) => s?.id)).toEqual([approved, rejected, approved, rejected, approved]);
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 1, [rejected]: 1 });
  });

  it("a full query over one session costs one GET and no media GETs", async () => {
    stack.emulator.resetStats();
    const res = await stack.query(FullSessionDocument, { id: approved });
    expect(res.errors).toBeUndefined();
    const stats = stack.emulator.stats();
    expect(stats.sessionGets).toEqual({ [approved]: 1 });
    expect(stats.mediaGets).toEqual({});
  });

  it("one request reading many sessions at once raises no listener-leak warning in the gateway's process", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const ids = Array.from({ length: 24 }, (_, i) => `0000${i.toString(16).padStart(4, "0")}-0000-4000-8000-000000000000`);
      const res = await stack.query(SessionStatesDocument, { ids: [approved, rejected, ...ids] });
      expect(res.data?.sessions.slice(0, 2).map((s) => s?.id)).toEqual([approved, rejected]);
      expect(res.errors?.length).toBe(24); // not found upstream, each on its own path
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain("MaxListenersExceededWarning");
    } finally {
      process.off("warning", onWarning);
    }
  });
});
