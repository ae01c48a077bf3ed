import { createHash } from "node:crypto";

/**
 * A name-based UUID (version 5 layout, SHA-1) for `label` within `scope`: the same inputs always give the
 * same id, so a played session's resource and check ids are stable across restarts yet distinct per session.
 */
export function derivedUuid(scope: string, label: string): string {
  const bytes = createHash("sha1").update(`${scope}\n${label}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
