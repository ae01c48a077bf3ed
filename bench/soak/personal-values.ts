// The personal values of the demo data, read from the emulator's JSON at run time (never hard-coded), so
// the log search follows the data when it changes.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** Keys whose values identify a person (names, birth, document numbers, MRZ lines, addresses, tokens). */
const PERSONAL_KEY = /(^|_)(names?|full_name_latin)$|birth|document_number|identification_number|^line[1-3]$|address|postal_code|street|town_city|client_session_token|user_tracking_id|subject_id/;
/** `name` is also a breakdown detail's label ("checksum"): only upper-case person-like values count there. */
const PERSON_NAME = /^[A-Z][A-Z .'-]+[A-Z]$/;
/** Shorter values (a house number "14") occur in any log by chance; they identify no one alone. */
const MIN_LENGTH = 5;

/** Every personal string value in the demo sessions and media JSON under `dataDir` (src/emulator/data). */
export async function personalValues(dataDir: string): Promise<string[]> {
  const out = new Set<string>();
  const walk = (value: unknown, key: string): void => {
    if (typeof value === "string") {
      // Check-digit verdicts ("VALID") and template names describe the document, not the person.
      if (value.length < MIN_LENGTH || !PERSONAL_KEY.test(key) || /check_digit$|page_name$/.test(key)) return;
      if (key === "name" && !PERSON_NAME.test(value)) return;
      out.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, key);
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  for (const dir of ["sessions", "media"]) {
    const files = (await readdir(join(dataDir, dir))).filter((f) => f.endsWith(".json") && f !== "index.json");
    for (const f of files) walk(JSON.parse(await readFile(join(dataDir, dir, f), "utf8")), "");
  }
  return [...out];
}
