import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Real JSON from Yoti's SDK repositories: beside the checkout (../shared), not in the project; IDV_SDK_FIXTURES_DIR overrides. */
export const SDK_FIXTURES_DIR = process.env.IDV_SDK_FIXTURES_DIR ?? fileURLToPath(new URL("../../../shared/fixtures/yoti-sdk/", import.meta.url));

/** Whether the fixtures are there (tests that need them skip, saying so, when not). */
export const sdkFixturesPresent = existsSync(SDK_FIXTURES_DIR);

/** Whole-session fixture bodies; resources-only files are wrapped into a session; other bodies are skipped; none when absent. */
export function sdkFixtureSessions(): { file: string; body: Record<string, unknown> }[] {
  if (!sdkFixturesPresent) return [];
  return readdirSync(SDK_FIXTURES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((file) => {
      const body = JSON.parse(readFileSync(`${SDK_FIXTURES_DIR}/${file}`, "utf8").replace(/^\uFEFF/, "")) as Record<string, unknown>;
      const keys = Object.keys(body);
      if (keys.some((k) => ["session_id", "checks", "resources", "state"].includes(k))) return [{ file, body }];
      if (keys.some((k) => ["liveness_capture", "id_documents"].includes(k))) return [{ file, body: { resources: body } }];
      return [];
    });
}
