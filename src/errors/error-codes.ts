/**
 * The gateway's one vocabulary of errors: stable codes (GraphQL `extensions.code`, and the JSON body
 * of every answer refused outside GraphQL), their fixed messages and their HTTP statuses. Every
 * room speaks it; it imports nothing.
 */
export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  NOT_FOUND = "NOT_FOUND",
  UPSTREAM_UNAUTHORIZED = "UPSTREAM_UNAUTHORIZED",
  UPSTREAM_BAD_REQUEST = "UPSTREAM_BAD_REQUEST",
  UPSTREAM_RATE_LIMITED = "UPSTREAM_RATE_LIMITED",
  UPSTREAM_UNAVAILABLE = "UPSTREAM_UNAVAILABLE",
  UPSTREAM_BAD_RESPONSE = "UPSTREAM_BAD_RESPONSE",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
  /** No or invalid caller credentials (HTTP 401). */
  UNAUTHENTICATED = "UNAUTHENTICATED",
  /** The caller's scopes or session grant do not cover this field or session. */
  FORBIDDEN = "FORBIDDEN",
  /** The gateway is stopping and refused the request before doing any work (HTTP 503). */
  SHUTTING_DOWN = "SHUTTING_DOWN",
  /** A per-process capacity (WebSocket connections) is full; retry later (HTTP 503). */
  AT_CAPACITY = "AT_CAPACITY",
  /** A document was sent by an id the trusted documents list does not hold (HTTP 400). */
  PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND",
  /** A document's text is not in the trusted documents list (HTTP 403); the router's code for the same refusal. */
  PERSISTED_QUERY_NOT_IN_LIST = "PERSISTED_QUERY_NOT_IN_LIST",
  /** Personal data needs a stated purpose here (GATEWAY_AUDIT_REQUIRE_PURPOSE): send X-Access-Purpose (HTTP 400 as a whole). */
  PURPOSE_REQUIRED = "PURPOSE_REQUIRED",
  /** The audit store cannot record the read, so personal data is withheld (HTTP 503 as a whole). */
  AUDIT_UNAVAILABLE = "AUDIT_UNAVAILABLE",
}

/** Human text per code: fixed strings, so no URL, header, body or personal value can reach a message. */
const MESSAGES: Record<ErrorCode, string> = {
  [ErrorCode.BAD_USER_INPUT]: "Invalid input",
  [ErrorCode.NOT_FOUND]: "Session or media not found upstream",
  [ErrorCode.UPSTREAM_UNAUTHORIZED]: "Yoti rejected the gateway's credentials: check YOTI_CLIENT_SDK_ID and YOTI_KEY_FILE_PATH",
  [ErrorCode.UPSTREAM_BAD_REQUEST]: "Yoti rejected the request as malformed",
  [ErrorCode.UPSTREAM_RATE_LIMITED]: "Yoti is rate limiting the gateway; retry later",
  [ErrorCode.UPSTREAM_UNAVAILABLE]: "Yoti is unavailable (error, timeout or network failure after retries)",
  [ErrorCode.UPSTREAM_BAD_RESPONSE]: "Yoti answered with a body the gateway cannot read",
  [ErrorCode.INTERNAL_SERVER_ERROR]: "Internal gateway error",
  [ErrorCode.UNAUTHENTICATED]: "Missing or invalid credentials: send Authorization: Bearer <API key or JWT>",
  [ErrorCode.FORBIDDEN]: "Not permitted for this caller",
  [ErrorCode.SHUTTING_DOWN]: "The gateway is shutting down; retry on another instance",
  [ErrorCode.AT_CAPACITY]: "The gateway is at capacity; retry later",
  [ErrorCode.PERSISTED_QUERY_NOT_FOUND]: "No trusted document has this id",
  [ErrorCode.PERSISTED_QUERY_NOT_IN_LIST]: "Only trusted documents run here: send a document from the trusted documents list, or its id",
  [ErrorCode.PURPOSE_REQUIRED]: "Personal data needs a stated purpose: send X-Access-Purpose (at most 200 characters)",
  [ErrorCode.AUDIT_UNAVAILABLE]: "The audit trail cannot record this read now, so personal data is withheld; retry later",
};

/** The fixed message for a code. */
export function messageFor(code: ErrorCode): string {
  return MESSAGES[code];
}

/** The HTTP status of an answer that stands for one code as a whole (a refused request, a media download); 504 when it timed out. */
export function httpStatusFor(code: ErrorCode, timedOut = false): number {
  if (timedOut) return 504;
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.PERSISTED_QUERY_NOT_FOUND:
    case ErrorCode.PURPOSE_REQUIRED:
      return 400;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
    case ErrorCode.PERSISTED_QUERY_NOT_IN_LIST:
      return 403;
    case ErrorCode.UPSTREAM_RATE_LIMITED:
    case ErrorCode.UPSTREAM_UNAVAILABLE:
    case ErrorCode.SHUTTING_DOWN:
    case ErrorCode.AT_CAPACITY:
    case ErrorCode.AUDIT_UNAVAILABLE:
      return 503;
    case ErrorCode.UPSTREAM_UNAUTHORIZED:
    case ErrorCode.UPSTREAM_BAD_REQUEST:
    case ErrorCode.UPSTREAM_BAD_RESPONSE:
      return 502;
    default:
      return 500;
  }
}
