import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The emulator's bundled demo sessions, read from disk so tests can compare the graph with the source JSON. */
export const DEMO_SESSIONS_DIR = fileURLToPath(new URL("../../src/emulator/data/sessions/", import.meta.url));

/** Every demo session file: its name and parsed body. */
export function demoSessions(): { name: string; body: Record<string, any> }[] {
  return readdirSync(DEMO_SESSIONS_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ""), body: JSON.parse(readFileSync(DEMO_SESSIONS_DIR + f, "utf8")) }));
}

/** A deep copy of a demo session under `id`, edited by `change` (to add as a session of its own, or as that session changed upstream). */
export function demoCopy(name: string, id: string, change: (body: Record<string, any>) => void = () => {}): Record<string, any> {
  const body = structuredClone(demoSession(name));
  body.session_id = id;
  change(body);
  return body;
}

/** The notifications a play of the live demo sends, in order (the step table in src/emulator/README.md). */
export const LIVE_DEMO_TOPICS: readonly string[] = [
  "resource_update",
  "resource_update",
  "task_completion",
  "check_completion",
  "check_completion",
  "check_completion",
  "check_completion",
  "session_completion",
];

/** One demo session by file name. */
export function demoSession(name: string): Record<string, any> {
  const found = demoSessions().find((s) => s.name === name);
  if (!found) throw new Error(`no demo session named ${name}`);
  return found.body;
}
