import { describe, expect, it } from "vitest";
import { DuplicateFilter, DUPLICATE_WINDOW_MS } from "../../src/live/duplicate-filter.js";
import type { SessionChange } from "../../src/live/session-change.js";
import { parseNotification } from "../../src/live/notification.js";
import { detectChange, isFinished } from "../../src/live/session-change.js";
import type { WireSession } from "../../src/upstream/wire/index.js";

const ID = "5c2a1c6e-8a4f-4d8e-9d7b-2f0c3e4a5b6c";
const session = (over: Partial<WireSession> = {}): WireSession =>
  ({
    session_id: ID,
    state: "ONGOING",
    checks: [{ id: "c1", type: "LIVENESS", state: "PENDING" }],
    resources: { id_documents: [{ id: "r1", last_updated: "2024-01-01T00:00:00Z", tasks: [{ id: "t1", type: "X", state: "PENDING" }] }] },
    ...over,
  }) as WireSession;

describe("detectChange: what a poll reports", () => {
  it("nothing when the watched parts are equal, whatever else differs", () => {
    expect(detectChange(session(), session({ client_session_token_ttl: 5, user_tracking_id: "x" }))).toBeUndefined();
  });

  it("names changes as Yoti would, most telling first", () => {
    const base = session();
    expect(detectChange(base, session({ state: "COMPLETED" }))).toEqual({ topic: "session_completion" });
    expect(detectChange(base, session({ checks: [{ id: "c1", type: "LIVENESS", state: "DONE" }] } as never))).toEqual({ topic: "check_completion", checkId: "c1" });
    const taskDone = session({ resources: { id_documents: [{ id: "r1", last_updated: "2024-01-01T00:00:00Z", tasks: [{ id: "t1", type: "X", state: "DONE" }] }] } } as never);
    expect(detectChange(base, taskDone)).toEqual({ topic: "task_completion", taskId: "t1" });
    const touched = session({ resources: { id_documents: [{ id: "r1", last_updated: "2024-01-02T00:00:00Z", tasks: [{ id: "t1", type: "X", state: "PENDING" }] }] } } as never);
    expect(detectChange(base, touched)).toEqual({ topic: "resource_update", resourceId: "r1" });
    expect(detectChange(base, session({ state: "EXPIRED" }))).toEqual({ topic: "session_update" });
    expect(detectChange(base, session({ checks: [{ id: "c1", type: "LIVENESS", state: "CREATED" }] } as never))).toEqual({ topic: "session_update" });
    expect(detectChange(base, session({ checks: [] }))).toEqual({ topic: "session_update" });
  });

  it("malformed upstream parts are compared, never thrown on", () => {
    const odd = { ...session(), checks: "nope", resources: { id_documents: [null, { id: 7 }] } } as unknown as WireSession;
    expect(() => detectChange(session(), odd)).not.toThrow();
    expect(isFinished(session({ state: "completed" }))).toBe(true);
    expect(isFinished(session({ state: 3 as never }))).toBe(false);
  });
});

describe("DuplicateFilter: Yoti's retries", () => {
  const note = (topic: string, extra: Partial<SessionChange> = {}): SessionChange => ({ sessionId: ID, topic, source: "webhook", ...extra });

  it("the same session, topic and subject within the window is a retry; after it, news; the poller is never filtered", () => {
    let now = 1_000_000;
    const filter = new DuplicateFilter(() => now);
    expect(filter.isRepeat(note("check_completion", { checkId: "c1" }))).toBe(false);
    expect(filter.isRepeat(note("check_completion", { checkId: "c1" }))).toBe(true);
    expect(filter.isRepeat(note("check_completion", { checkId: "c2" }))).toBe(false);
    expect(filter.isRepeat(note("task_completion", { taskId: "c1" }))).toBe(false);
    expect(filter.isRepeat(note("resource_update", { resourceId: "r" }))).toBe(false);
    expect(filter.isRepeat(note("resource_update", { resourceId: "r", source: "poll" }))).toBe(false);
    now += DUPLICATE_WINDOW_MS - 1;
    expect(filter.isRepeat(note("resource_update", { resourceId: "r" }))).toBe(true);
    now += 2;
    expect(filter.isRepeat(note("resource_update", { resourceId: "r" }))).toBe(false);
    expect(filter.isRepeat(note("check_completion", { checkId: "c1" }))).toBe(false);
  });

  it("parseNotification keeps the topic open and lower-cased, and the id fields Yoti sends", () => {
    expect(parseNotification({ session_id: ID.toUpperCase(), topic: "NEW_THING", check_id: "c", other: 1 }, "webhook")).toEqual({ sessionId: ID, topic: "new_thing", checkId: "c", source: "webhook" });
    expect(parseNotification({ session_id: ID, topic: "a b" }, "webhook")).toHaveProperty("invalid");
  });
});
