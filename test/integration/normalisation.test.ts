import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilteredChecksDocument, FullSessionDocument } from "../generated/graphql.js";
import { startStack, type Stack } from "../support/stack.js";

// The api doc's §8: prose spellings with spaces are accepted and emitted with underscores.
let stack: Stack;
const id = randomUUID();

beforeAll(async () => {
  stack = await startStack();
  stack.emulator.addSession(id, {
    session_id: id,
    state: "COMPLETED",
    checks: [
      { type: "ID_DOCUMENT_AUTHENTICITY", id: "c1", state: "DONE", report: { recommendation: { value: "NOT AVAILABLE", reason: "PHOTO_TOO_DARK" }, breakdown: [] } },
      { type: "LIVENESS", id: "c2", state: "INTERNAL ERROR", created: "2024-05-01T10:00:00.123456+02:00" },
      { type: "SOMETHING_NEW", id: "c3", state: "DONE" },
    ],
  });
});
afterAll(() => stack?.close());

describe("normalisation of the upstream's inconsistent spellings", () => {
  it("emits NOT_AVAILABLE and INTERNAL_ERROR, and UTC dates keeping microseconds", async () => {
    const res = await stack.query(FullSessionDocument, { id });
    expect(res.errors).toBeUndefined();
    const checks = res.data!.session!.checks;
    expect(checks[0]!.report?.recommendation?.value).toBe("NOT_AVAILABLE");
    expect(checks[1]!.state).toBe("INTERNAL_ERROR");
    expect(checks[1]!.created).toBe("2024-05-01T08:00:00.123456Z");
    expect(checks[2]!.__typename).toBe("GenericCheck");
    expect(checks[2]!.type).toBe("SOMETHING_NEW");
  });

  it("filters checks by type and by state in either spelling", async () => {
    const byState = await stack.query(FilteredChecksDocument, { id, states: ["INTERNAL_ERROR"] });
    expect(byState.data?.session?.checks).toEqual([{ type: "LIVENESS", state: "INTERNAL_ERROR" }]);
    const byType = await stack.query(FilteredChecksDocument, { id, types: ["SOMETHING_NEW", "ID_DOCUMENT_AUTHENTICITY"] });
    expect(byType.data?.session?.checks.map((c) => c.type)).toEqual(["ID_DOCUMENT_AUTHENTICITY", "SOMETHING_NEW"]);
  });
});
