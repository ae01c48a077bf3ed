import { createHash } from "node:crypto";
import type { ApiKeyEntry, Scope } from "../../src/config/security-config.js";

/** The SHA-256 hex of an API key, as GATEWAY_API_KEYS_FILE stores it. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** One GATEWAY_API_KEYS_FILE entry for `key`, as the gateway holds it (the hash, never the key). */
export function apiKeyEntry(name: string, key: string, scopes: Scope[]): ApiKeyEntry {
  return { name, sha256: Buffer.from(hashApiKey(key), "hex"), scopes };
}
