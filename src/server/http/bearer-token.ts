import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether `Authorization: Bearer <token>` carries the token whose SHA-256 is `sha256` (the /metrics
 * token). Digests have one length, so the comparison is constant-time whatever was sent.
 */
export function bearerMatches(authorization: string | undefined, sha256: Buffer): boolean {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1] ?? "";
  return timingSafeEqual(createHash("sha256").update(token, "utf8").digest(), sha256);
}
