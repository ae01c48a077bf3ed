import { describe, expect, it } from "vitest";
import { changeKey, parseNotification, toWire, topicLabel } from "../../src/live/notification.js";
import type { SessionChange } from "../../src/live/session-change.js";
import { Explain } from "../../src/errors/explain.js";

const ID = "0b8c7a4e-4a5d-4c36-9e0e-6a7d7f1b2c3d";

describe("a notification's wire form (what crosses Redis between replicas)", () => {
  it("keeps every id a notification has, and adds none it has not", () => {
    const full: SessionChange = { sessionId: ID, topic: "resource_update", resourceId: "r-1", taskId: "t-1", checkId: "c-1", source: "webhook" };
    expect(toWire(full)).toStrictEqual({ session_id: ID, topic: "resource_update", resource_id: "r-1", task_id: "t-1", check_id: "c-1" });
    expect(toWire({ sessionId: ID, topic: "session_completion", source: "poll" })).toStrictEqual({ session_id: ID, topic: "session_completion" });
    expect(toWire({ sessionId: ID, topic: "task_completion", taskId: "t-2", source: "webhook" })).toStrictEqual({ session_id: ID, topic: "task_completion", task_id: "t-2" });
  });

  it("round-trips through parseNotification on the other replica", () => {
    const sent: SessionChange = { sessionId: ID, topic: "check_completion", resourceId: "r", checkId: "c", source: "webhook" };
    expect(parseNotification(JSON.parse(JSON.stringify(toWire(sent))), "webhook")).toStrictEqual(sent);
  });
});

describe("parseNotification: the id fields", () => {
  it("treats a null id like an absent one (JSON encoders write null for unset fields)", () => {
    expect(parseNotification({ session_id: ID, topic: "session_completion", resource_id: null, task_id: null, check_id: null }, "webhook")).toStrictEqual({
      sessionId: ID,
      topic: "session_completion",
      source: "webhook",
    });
  });

  it.each<["resource_id" | "task_id" | "check_id", unknown]>([
    ["resource_id", 7],
    ["task_id", ""],
    ["check_id", "x".repeat(129)],
    ["check_id", "a b"],
  ])("refuses %s = %j with a reason that names the field, not the value", (field, value) => {
    expect(parseNotification({ session_id: ID, topic: "check_completion", [field]: value }, "webhook")).toStrictEqual({ invalid: Explain.notificationSubjectId(field) });
  });

  it.each([
    [null, Explain.notificationNotObject],
    [[], Explain.notificationNotObject],
    ["x", Explain.notificationNotObject],
    [{ topic: "session_completion" }, Explain.notificationSessionId],
    [{ session_id: "not-a-uuid", topic: "session_completion" }, Explain.notificationSessionId],
    // A one-element list would read as its only element if coerced to text.
    [{ session_id: [ID], topic: "session_completion" }, Explain.notificationSessionId],
    [{ session_id: ID }, Explain.notificationTopic],
    [{ session_id: ID, topic: "t".repeat(65) }, Explain.notificationTopic],
  ])("refuses %j", (body, reason) => {
    expect(parseNotification(body, "webhook")).toStrictEqual({ invalid: reason });
  });
});

describe("labels and duplicate keys", () => {
  it("labels known topics by name and every other one as other", () => {
    expect(topicLabel("session_completion")).toBe("session_completion");
    expect(topicLabel("client_session_token_deleted")).toBe("client_session_token_deleted");
    expect(topicLabel("something_new")).toBe("other");
  });

  it("keys a notification by session, topic and subject: a different subject is a different event", () => {
    const base: SessionChange = { sessionId: ID, topic: "check_completion", checkId: "c1", source: "webhook" };
    expect(changeKey(base)).toBe(`${ID}|check_completion|||c1`);
    expect(changeKey({ ...base, checkId: "c2" })).not.toBe(changeKey(base));
    expect(changeKey({ ...base, source: "poll" })).toBe(changeKey(base));
    // Subject ids in another case are the same subject (Yoti's ids are UUIDs).
    expect(changeKey({ ...base, checkId: "C1" })).toBe(changeKey(base));
    expect(changeKey({ sessionId: ID, topic: "resource_update", resourceId: "r", source: "webhook" })).toBe(`${ID}|resource_update|r||`);
    expect(changeKey({ sessionId: ID, topic: "task_completion", taskId: "t", source: "webhook" })).toBe(`${ID}|task_completion||t|`);
  });
});
