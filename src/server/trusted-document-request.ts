import { ErrorCode, Explain, httpStatusFor } from "../upstream/error-codes.js";
import type { TrustedDocumentRefusal, TrustedDocuments } from "./trusted-documents.js";

/** Apollo's inputs for a request the trusted documents rule let through, or the refusal to answer with. */
export type AdmittedRequest = { readonly ok: true; readonly body: unknown; readonly search: string } | TrustedDocumentRefusal;

const FIELDS = ["query", "extensions", "documentId"] as const;

function badRequest(message: string): TrustedDocumentRefusal {
  return { ok: false, code: ErrorCode.BAD_USER_INPUT, status: httpStatusFor(ErrorCode.BAD_USER_INPUT), message };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The extensions without `persistedQuery` (the id was resolved here; Apollo's own APQ is off), or undefined when none remain. */
function withoutPersistedQuery(extensions: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(extensions)) return undefined;
  const { persistedQuery: _resolved, ...rest } = extensions;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/** True when a request names no document at all: Apollo answers it (Sandbox's page, or its own 400) without executing anything. */
function namesNoDocument(query: unknown, extensions: unknown, documentId: unknown): boolean {
  const apq = isPlainObject(extensions) ? extensions["persistedQuery"] : undefined;
  return (query === undefined || query === null || query === "") && (documentId === undefined || documentId === null) && (apq === undefined || apq === null);
}

function admitPost(trusted: TrustedDocuments, body: unknown, search: string): AdmittedRequest {
  if (body === undefined) return { ok: true, body, search };
  if (!isPlainObject(body)) return badRequest(Explain.bodyNotOneObject);
  const { documentId, extensions, ...rest } = body;
  if (namesNoDocument(rest["query"], extensions, documentId)) return { ok: true, body, search };
  const result = trusted.resolve({ query: rest["query"], extensions, documentId });
  if (!result.ok) return result;
  const remaining = withoutPersistedQuery(extensions);
  // Apollo refuses an `extensions` key that is present but not an object: it is left out when none remain.
  return { ok: true, body: { ...rest, query: result.query, ...(remaining ? { extensions: remaining } : {}) }, search };
}

function admitGet(trusted: TrustedDocuments, body: unknown, search: string): AdmittedRequest {
  const params = new URLSearchParams(search);
  for (const name of FIELDS) {
    if (params.getAll(name).length > 1) return badRequest(Explain.parameterTwice(name));
  }
  let extensions: unknown;
  const rawExtensions = params.get("extensions");
  if (rawExtensions !== null) {
    try {
      extensions = JSON.parse(rawExtensions);
    } catch {
      return badRequest(Explain.extensionsNotJson);
    }
  }
  const query = params.get("query") ?? undefined;
  const documentId = params.get("documentId") ?? undefined;
  if (namesNoDocument(query, extensions, documentId)) return { ok: true, body, search };
  const result = trusted.resolve({ query, extensions, documentId });
  if (!result.ok) return result;
  params.set("query", result.query);
  params.delete("documentId");
  const rest = withoutPersistedQuery(extensions);
  if (rest === undefined) params.delete("extensions");
  else params.set("extensions", JSON.stringify(rest));
  return { ok: true, body, search: `?${params.toString()}` };
}

/**
 * Applies the trusted documents rule to a GraphQL HTTP request before Apollo sees it, so an
 * unlisted document is refused before it is parsed, executed or costs an upstream call: a listed
 * document sent by id reaches Apollo as its text. Requests naming no document pass (Apollo executes
 * nothing without one), as do methods other than GET and POST (Apollo answers 405).
 */
export function admitTrustedDocument(trusted: TrustedDocuments, method: string, body: unknown, search: string): AdmittedRequest {
  if (method === "POST") return admitPost(trusted, body, search);
  if (method === "GET") return admitGet(trusted, body, search);
  return { ok: true, body, search };
}
