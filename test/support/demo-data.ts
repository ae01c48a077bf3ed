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

/** One demo session by file name. */
export function demoSession(name: string): Record<string, any> {
  const found = demoSessions().find((s) => s.name === name);
  if (!found) throw new Error(`no demo session named ${name}`);
  return found.body;
}
