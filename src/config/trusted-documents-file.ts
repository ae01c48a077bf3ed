import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfigError } from "./config-error.js";

const VARIABLE = "GATEWAY_TRUSTED_DOCUMENTS_FILE";

/** A manifest key: `sha256:<hex>` (GraphQL Codegen's client preset) or the bare hex. */
const KEY = /^(?:sha256:)?([0-9a-f]{64})$/i;

/** The trusted documents: lower-case SHA-256 hex of each document's text -> the text. */
export type TrustedDocumentList = ReadonlyMap<string, string>;

/** The SHA-256 hex of a document's text, the id a trusted document goes by. */
export function documentHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Reads a persisted documents manifest (`{ "sha256:<hex>": "<document>" }`, as the client preset
 * writes it with `persistedDocuments`) and checks every key is the SHA-256 of its text: a
 * hand-edited or corrupted manifest stops the gateway instead of trusting a document under a
 * false id. Errors name entries by position, never by their text.
 */
export function loadTrustedDocuments(path: string): TrustedDocumentList {
  let raw: string;
  try {
    raw = String(readFileSync(path));
  } catch {
    throw new ConfigError(VARIABLE, `cannot read ${path}; point it at a persisted-documents.json written by GraphQL Codegen's client preset`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(VARIABLE, `${path} is not JSON; expected { "sha256:<hex>": "<document text>", ... }`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigError(VARIABLE, `${path} must hold one JSON object { "sha256:<hex>": "<document text>", ... }`);
  }
  const documents = new Map<string, string>();
  Object.entries(parsed).forEach(([key, text], i) => {
    const entry = `entry ${i + 1} of ${path}`;
    const hex = KEY.exec(key)?.[1]!.toLowerCase();
    if (hex === undefined) throw new ConfigError(VARIABLE, `${entry}: the key must be "sha256:" and 64 hex digits, or the 64 hex digits alone`);
    if (typeof text !== "string" || text.trim() === "") throw new ConfigError(VARIABLE, `${entry}: the value must be the document's text`);
    if (documentHash(text) !== hex) {
      throw new ConfigError(VARIABLE, `${entry}: the key is not the SHA-256 of the document's text; regenerate the manifest instead of editing it`);
    }
    documents.set(hex, text);
  });
  if (documents.size === 0) throw new ConfigError(VARIABLE, `${path} lists no documents; an empty list would refuse every request`);
  return documents;
}
