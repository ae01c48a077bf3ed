import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FullSessionDocument } from "../generated/graphql.js";
import { SDK_FIXTURES_DIR, sdkFixturesPresent, sdkFixtureSessions } from "../support/sdk-fixtures.js";
import { startStack, type Stack } from "../support/stack.js";

if (!sdkFixturesPresent) console.warn(`SDK fixtures not found at ${SDK_FIXTURES_DIR}: skipping the fixture test`);

const fixtures = sdkFixtureSessions();
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe.skipIf(!sdkFixturesPresent)("Yoti SDK fixture sessions served through the emulator", () => {
  it("finds the whole-session fixtures", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
  });

  it.each(fixtures)("$file: a full query returns every part with no errors", async ({ body }) => {
    const id = randomUUID();
    stack.emulator.addSession(id, body);
    const res = await stack.query(FullSessionDocument, { id });
    expect(res.errors).toBeUndefined();
    const s = res.data!.session!;
    expect(s.id).toBe((body.session_id as string | undefined) ?? id);
    expect(s.checks).toHaveLength(((body.checks as unknown[]) ?? []).length);
    const wireLiveness = ((body.resources as any)?.liveness_capture ?? []) as any[];
    expect(s.resources?.livenessCapture?.map((l) => l.livenessType) ?? []).toEqual(wireLiveness.map((l) => l.liveness_type));
  });
});
