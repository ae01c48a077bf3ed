import { ErrorCode, httpStatusFor } from "../../errors/error-codes.js";
import { Explain } from "../../errors/explain.js";
import { documentNesting, MAX_DOCUMENT_NESTING } from "./document-nesting.js";
import { UNPARSABLE_MESSAGE } from "./format-error.js";
import type { TrustedDocumentRefusal, TrustedDocuments } from "./trusted-documents.js";

/** Why a request may not run, decided before its document is parsed; `message` is fixed text, never the request's. */
export type Refusal = TrustedDocumentRefusal;

/** Apollo's inputs for an HTTP request that was admitted, or the refusal to answer with. */
export type AdmittedHttpRequest = { readonly ok: true; readonly body: unknown; readonly search: string } | Refusal;

/** A WebSocket subscribe payload that was admitted: the text to run (a listed document sent by id arrives as its text). */
export type AdmittedSocketRequest = { readonly ok: true; readonly query?: string; readonly extensions?: Record<string, unknown> } | Refusal;

const FIELDS = ["query", "extensions", "documentId"] as const;

function refuse(code: ErrorCode, message: string): Refusal {
  return { ok: false, code, status: httpStatusFor(code), message };
}

const badRequest = (message: string) => refuse(ErrorCode.BAD_USER_INPUT, message);

/**
 * graphql's parser recurses per nesting level: a document nested deeper than any real query is
 * refused before it can exhaust the stack, with the answer a parse failure gets.
 */
function tooDeep(query: unknown): Refusal | undefined {
  if (typeof query !== "string" || documentNesting(query) <= MAX_DOCUMENT_NESTING) return undefined;
  return { ok: false, code: "GRAPHQL_PARSE_FAILED" as ErrorCode, status: 400, message: UNPARSABLE_MESSAGE };
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

function admitPost(trusted: TrustedDocuments | undefined, body: unknown, search: string): AdmittedHttpRequest {
  if (!trusted || body === undefined) return tooDeep((body as { query?: unknown } | undefined)?.query) ?? { ok: true, body, search };
  if (!isPlainObject(body)) return badRequest(Explain.bodyNotOneObject);
  const { documentId, extensions, ...rest } = body;
  if (namesNoDocument(rest["query"], extensions, documentId)) return { ok: true, body, search };
  const result = trusted.resolve({ query: rest["query"], extensions, documentId });
  if (!result.ok) return result;
  const remaining = withoutPersistedQuery(extensions);
  // Apollo refuses an `extensions` key that is present but not an object: it is left out when none remain.
  return tooDeep(result.query) ?? { ok: true, body: { ...rest, query: result.query, ...(remaining ? { extensions: remaining } : {}) }, search };
}

function admitGet(trusted: TrustedDocuments | undefined, body: unknown, search: string): AdmittedHttpRequest {
  const params = new URLSearchParams(search);
  if (!trusted) return tooDeep(params.get("query")) ?? { ok: true, body, search };
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
  return tooDeep(result.query) ?? { ok: true, body, search: `?${params.toString()}` };
}

/**
 * The pipeline's first step for an HTTP request, before Apollo sees it: with a trusted documents
 * list on, an unlisted document is refused before it is parsed, executed or costs an upstream
 * call, and a listed one sent by id reaches Apollo as its text; then a document nested too deep to
 * parse is refused. Requests naming no document pass (Apollo executes nothing without one), as do
 * methods other than GET and POST (Apollo answers 405).
 */
export function admitHttpRequest(trusted: TrustedDocuments | undefined, method: string, body: unknown, search: string): AdmittedHttpRequest {
  if (method === "POST") return admitPost(trusted, body, search);
  if (method === "GET") return admitGet(trusted, body, search);
  return { ok: true, body, search };
}

/** The same step for a graphql-ws subscribe payload: the trusted documents rule, then the nesting bound. */
export function admitSocketRequest(trusted: TrustedDocuments | undefined, payload: { query?: unknown; extensions?: unknown; documentId?: unknown }): AdmittedSocketRequest {
  let query = payload.query;
  let extensions = isPlainObject(payload.extensions) ? payload.extensions : undefined;
  if (trusted) {
    const result = trusted.resolve({ query: payload.query, extensions: payload.extensions, documentId: payload.documentId });
    if (!result.ok) return result;
    query = result.query;
    extensions = withoutPersistedQuery(extensions);
  }
  if (typeof query !== "string" && !(extensions && "persistedQuery" in extensions)) return badRequest(Explain.queryNotString);
  // Without a query, an automatic persisted query's hash (extensions.persistedQuery) names the document.
  return tooDeep(query) ?? { ok: true, query: typeof query === "string" ? query : undefined, extensions };
}
