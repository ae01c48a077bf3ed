// Invariant 6: no personal value and no secret in any captured gateway log: the demo data's personal
// values, the API key, webhook token, media secret, metrics token, every media URL token the soak received,
// and the X-Yoti-Auth-Digest header.
import { readFile } from "node:fs/promises";
import type { Recorder } from "../record.js";
import type { CheckResult } from "./result.js";

/** What to look for: a label (printed) and the value (never printed). */
export interface Needle {
  readonly label: string;
  readonly value: string;
}

/** A value as pino would write it inside a JSON string (newlines in addresses become \n). */
const jsonForm = (v: string) => JSON.stringify(v).slice(1, -1);

/** Invariant 6 over every log file of every replica incarnation. */
export async function checkLogs(rec: Recorder, needles: readonly Needle[]): Promise<CheckResult> {
  const files = rec.lives.flatMap((l) => l.logFiles);
  const hits = new Map<string, number>();
  let bytes = 0;
  // Media tokens are many: looked up as whole base64url runs (payload and MAC apart) in a set, not one by one.
  const tokenParts = new Set<string>();
  for (const token of rec.mediaTokens) for (const part of token.split(".")) if (part.length >= 16) tokenParts.add(part);
  for (const file of files) {
    const text = await readFile(file, "utf8").catch(() => "");
    bytes += text.length;
    for (const n of needles) {
      if (text.includes(n.value) || text.includes(jsonForm(n.value))) hits.set(n.label, (hits.get(n.label) ?? 0) + 1);
    }
    if (/x-yoti-auth-digest/i.test(text)) hits.set("the X-Yoti-Auth-Digest header", (hits.get("the X-Yoti-Auth-Digest header") ?? 0) + 1);
    if ((text.match(/[A-Za-z0-9_-]{16,}/g) ?? []).some((run) => tokenParts.has(run))) hits.set("a media URL token", (hits.get("a media URL token") ?? 0) + 1);
    // A media path in a log would carry its token whatever it is: the gateway logs route templates only.
    if (/\/media\/[A-Za-z0-9_-]{16,}/.test(text)) hits.set("a media URL path", (hits.get("a media URL path") ?? 0) + 1);
  }
  return {
    id: 6,
    name: "no personal value or secret in the gateway logs",
    measured: `${hits.size} kinds found in ${files.length} files (${(bytes / 1024 / 1024).toFixed(1)} MB; ${needles.length} values, ${rec.mediaTokens.size} media tokens)`,
    limit: "0 found",
    pass: hits.size === 0,
    details: [...hits.entries()].map(([label, n]) => `${label} in ${n} file(s)`),
    figures: { files: files.length, bytes, values: needles.length, mediaTokens: rec.mediaTokens.size, found: [...hits.keys()] },
  };
}
