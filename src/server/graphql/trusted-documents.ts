import { documentHash, type TrustedDocumentList } from "../../config/trusted-documents-file.js";
import { ErrorCode, httpStatusFor, messageFor } from "../../errors/error-codes.js";
import { Explain } from "../../errors/explain.js";

/** A document id as clients send it: `sha256:<hex>` (`documentId`) or the bare hex (APQ's `sha256Hash`). */
const DOCUMENT_ID = /^(?:sha256:)?([0-9a-f]{64})$/i;

/** Where a request names its document: the GraphQL-over-HTTP fields, whatever the transport. */
export interface DocumentRequest {
  readonly query?: unknown;
  readonly extensions?: unknown;
  /** The GraphQL-over-HTTP persisted documents field: `sha256:<hex>` or the bare hex. */
  readonly documentId?: unknown;
}

/** Why a request may not run; `message` is fixed text, never the request's. */
export interface TrustedDocumentRefusal {
  readonly ok: false;
  readonly code: ErrorCode;
  /** The HTTP status a refusal over HTTP answers with (400 or 403). */
  readonly status: number;
  readonly message: string;
}

/** A request's document text from the list, or why it may not run. */
export type TrustedDocumentResult = { readonly ok: true; readonly query: string } | TrustedDocumentRefusal;

/** The rule a trusted documents list enforces, for every transport (admit.ts applies it to HTTP requests and WebSocket subscribes). */
export interface TrustedDocuments {
  /**
   * The text to execute for a request, or its refusal. A request runs only if it names a listed
   * document: by id (`documentId`, or `extensions.persistedQuery.sha256Hash`) or by its exact text.
   * When it sends both, they must agree. Nothing is ever added to the list.
   */
  resolve(request: DocumentRequest): TrustedDocumentResult;
}

function refuse(code: ErrorCode, message: string = messageFor(code)): TrustedDocumentRefusal {
  return { ok: false, code, status: httpStatusFor(code), message };
}


/** The ids a request claims for its document (lower-case hex), or the refusal for a malformed one. */
function claimedIds(request: DocumentRequest): string[] | TrustedDocumentRefusal {
  const ids: string[] = [];
  if (request.documentId !== undefined && request.documentId !== null) {
    const hex = typeof request.documentId === "string" ? DOCUMENT_ID.exec(request.documentId)?.[1] : undefined;
    if (hex === undefined) return refuse(ErrorCode.BAD_USER_INPUT, Explain.malformedDocumentId);
    ids.push(hex.toLowerCase());
  }
  const extensions = request.extensions;
  if (extensions !== undefined && extensions !== null && (typeof extensions !== "object" || Array.isArray(extensions))) {
    return refuse(ErrorCode.BAD_USER_INPUT, Explain.extensionsNotObject);
  }
  const apq: unknown = extensions ? (extensions as Record<string, unknown>)["persistedQuery"] : undefined;
  if (apq !== undefined && apq !== null) {
    const { version, sha256Hash } = (typeof apq === "object" ? apq : {}) as { version?: unknown; sha256Hash?: unknown };
    if (version !== 1 || typeof sha256Hash !== "string" || !/^[0-9a-f]{64}$/i.test(sha256Hash)) return refuse(ErrorCode.BAD_USER_INPUT, Explain.malformedPersistedQuery);
    ids.push(sha256Hash.toLowerCase());
  }
  return ids;
}

/** The trusted documents rule over a manifest loaded at start (GATEWAY_TRUSTED_DOCUMENTS_FILE). */
export function createTrustedDocuments(list: TrustedDocumentList): TrustedDocuments {
  return {
    resolve(request) {
      const ids = claimedIds(request);
      if (!Array.isArray(ids)) return ids;
      const { query } = request;
      if (query !== undefined && query !== null && query !== "") {
        if (typeof query !== "string") return refuse(ErrorCode.BAD_USER_INPUT, Explain.queryNotString);
        const hex = documentHash(query);
        if (ids.some((id) => id !== hex)) return refuse(ErrorCode.BAD_USER_INPUT, Explain.idDoesNotMatchText);
        // Exact text only: the manifest's key was checked against its text at load, so equal hashes mean equal text.
        // A hash+query pair (APQ registration) of an unlisted document ends here too: nothing is ever stored.
        return list.get(hex) === query ? { ok: true, query } : refuse(ErrorCode.PERSISTED_QUERY_NOT_IN_LIST);
      }
      if (ids.length === 0) return refuse(ErrorCode.BAD_USER_INPUT, Explain.noDocument);
      if (ids.some((id) => id !== ids[0])) return refuse(ErrorCode.BAD_USER_INPUT, Explain.idsDisagree);
      const text = list.get(ids[0]!);
      return text === undefined ? refuse(ErrorCode.PERSISTED_QUERY_NOT_FOUND) : { ok: true, query: text };
    },
  };
}
