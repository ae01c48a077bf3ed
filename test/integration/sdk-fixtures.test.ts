import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FullSessionDocument } from "../generated/graphql.js";
import { startStack, type Stack } from "../support/stack.js";

// Real JSON from Yoti's SDK repositories lives beside the checkout (../shared), not in the project.
const FIXTURES = process.env.IDV_SDK_FIXTURES_DIR ?? fileURLToPath(new URL("../../../shared/fixtures/yoti-sdk/", import.meta.url));
const present = existsSync(FIXTURES);
if (!present) console.warn(`SDK fixtures not found at ${FIXTURES}: skipping the fixture test`);

/** Whole-session bodies; resources-only files are wrapped into a session; other bodies are skipped. */
function fixtureSessions(): { file: string; body: Record<string, unknown> }[] {
  if (!present) return [];
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((file) => {
      const body = JSON.parse(readFileSync(`${FIXTURES}/${file}`, "utf8").replace(/^\uFEFF/, "")) as Record<string, unknown>;
      const keys = Object.keys(body);
      if (keys.some((k) => ["session_id", "checks", "resources", "state"].includes(k))) return [{ file, body }];
      if (keys.some((k) => ["liveness_capture", "id_documents"].includes(k))) return [{ file, body: { resources: body } }];
      return [];
    });
}

const fixtures = fixtureSessions();
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe.skipIf(!present)("Yoti SDK fixture sessions served through the emulator", () => {
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
