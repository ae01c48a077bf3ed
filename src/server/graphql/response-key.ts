import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Caller } from "../../schema/resolver-context.js";

const BODY_FIELDS = new Set(["query", "operationName", "variables", "extensions"]);
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** `application/json`, with parameters or not, in any case: the media type Apollo parses as JSON. */
const JSON_TYPE = /^\s*application\/json\s*(;|$)/i;
/** Longest Accept header an answer is kept for (it picks the response's content type); longer ones are executed every time. */
const MAX_ACCEPT = 256;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The document's hash: of its text, or the automatic persisted query hash that names it (the same sha256). */
function documentHash(query: unknown, extensions: unknown): string | undefined {
  let named: string | undefined;
  if (extensions !== undefined && extensions !== null) {
    if (!isPlainObject(extensions)) return undefined;
    for (const name of Object.keys(extensions)) if (name !== "persistedQuery") return undefined;
    const apq = extensions["persistedQuery"];
    if (apq !== undefined) {
      const hash = isPlainObject(apq) && apq["version"] === 1 ? apq["sha256Hash"] : undefined;
      // Only a string can match (JSON has no other value that prints as 64 hex digits).
      if (!SHA256_HEX.test(hash as string)) return undefined;
      named = hash as string;
    }
  }
  if (typeof query !== "string" || query === "") return named;
  const hash = createHash("sha256").update(query).digest("hex");
  // A hash that does not match the text is Apollo's to refuse.
  return named === undefined || named === hash ? hash : undefined;
}

/**
 * The response cache's key for an HTTP request, or undefined when its answer is never looked up
 * or kept. Only a JSON POST qualifies (the one form that passes Apollo's CSRF rule whatever its
 * other headers), with nothing in its body but the document (text or persisted-query hash), the
 * operation name and the variables. The key is everything that shapes the answer: the document's
 * hash, the operation name, the variables as sent, the Accept header (the content type answered)
 * and the caller's scopes (the fields it may read). The caller's session grant is not in it: a
 * hit is checked against the sessions kept beside the answer instead.
 */
export function responseKey(req: IncomingMessage, body: unknown, caller: Caller): string | undefined {
  if (req.method !== "POST" || !isPlainObject(body)) return undefined;
  // No header reads as "undefined", which is not JSON either.
  if (!JSON_TYPE.test(String(req.headers["content-type"]))) return undefined;
  const accept = req.headers.accept ?? "";
  if (accept.length > MAX_ACCEPT) return undefined;
  for (const name of Object.keys(body)) if (!BODY_FIELDS.has(name)) return undefined;
  const { query, operationName, variables, extensions } = body;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return undefined;
  if (variables !== undefined && variables !== null && !isPlainObject(variables)) return undefined;
  const hash = documentHash(query, extensions);
  if (hash === undefined) return undefined;
  return JSON.stringify([hash, operationName ?? null, variables ?? null, accept, [...caller.scopes].sort()]);
}
