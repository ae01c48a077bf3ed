/**
 * The gateway's stable error codes (GraphQL `extensions.code`, and the media route's JSON body).
 * This module is the only place that decides which upstream outcome gets which code.
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
};

/** The fixed message for a code. */
export function messageFor(code: ErrorCode): string {
  return MESSAGES[code];
}

/**
 * The only other texts an error may carry, each for one code: explanations of a refusal that may
 * name a limit, a length or a scope, never an input value. Every error text lives in this module.
 */
export const Explain = {
  sessionIdNotUuid: (length: number) => `Session id must be a UUID (got ${length} characters)`,
  tooManyIds: (max: number, got: number) => `At most ${max} ids per sessions() call (got ${got})`,
  sessionBudget: (count: number, max: number) => `This request reads ${count} distinct sessions; at most ${max} per request (GATEWAY_MAX_SESSIONS_PER_REQUEST)`,
  fetchBudget: (what: "distinct sessions" | "media fetches", max: number, variable: string) =>
    `This request needs more ${what} than its budget; at most ${max} per request (${variable})`,
  costBudget: (cost: number, max: number) => `Query cost ${cost} is over the limit of ${max} (GATEWAY_MAX_COST)`,
  invalidVariables: "Invalid variables",
  dateTimeArgument: "DateTime must be an ISO-8601 string",
  representationNeedsId: "A Session representation needs a string id",
  unknownEntity: 'A representation must be an object whose __typename is "Session"',
  missingScope: (scope: string) => `This field needs the ${scope} scope`,
  outsideGrant: "This session is outside the caller's grant",
  credentialExpired: "The credential has expired: reconnect with a fresh token",
  mediaToken: "Media URL is invalid or expired; query Media.url again",
  methodNotAllowed: "Method not allowed",
  noSuchRoute: "No such route: GraphQL is served at / and /graphql",
  bodyTooLarge: "Request body too large",
  bodyCompressed: "Compressed request bodies are not accepted",
  bodyNotUtf8: "Request bodies must be UTF-8",
  bodyNotJson: "Request body is not valid JSON",
  badRequest: "Bad request",
  malformedDocumentId: 'A document id must be "sha256:" and 64 hex digits',
  malformedPersistedQuery: "extensions.persistedQuery must be { version: 1, sha256Hash: <64 hex digits> }",
  extensionsNotObject: "extensions must be an object",
  queryNotString: "query must be a string",
  idDoesNotMatchText: "The document id does not match the query text",
  noDocument: "A request needs a query, a documentId or a persistedQuery extension",
  idsDisagree: "documentId and extensions.persistedQuery name different documents",
  bodyNotOneObject: "The request body must be one JSON object (batches are not accepted)",
  parameterTwice: (name: "query" | "documentId" | "extensions") => `The ${name} parameter may be given once`,
  extensionsNotJson: "The extensions parameter is not valid JSON",
  subscriptionsPerConnection: (max: number) => `At most ${max} subscriptions per connection (GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION)`,
  unidentifiedOperation: "Unable to identify the operation: name it with operationName",
  onlySubscriptionsOverWebSocket: "Only subscriptions are served over WebSocket; send queries and mutations over HTTP",
  subscriptionsOverWebSocketOnly: "Subscriptions are served over WebSocket (graphql-ws) at this same URL, not over HTTP",
  notificationsDisabled: "Notifications are not enabled: set YOTI_WEBHOOK_AUTH_TYPE and YOTI_WEBHOOK_AUTH_TOKEN",
  notificationNotObject: "The body must be a JSON object",
  notificationNotJson: "The body must be JSON (Content-Type: application/json)",
  notificationSessionId: "session_id must be a session UUID",
  notificationTopic: "topic must be a string of 1 to 64 letters, digits or _.:-",
  notificationSubjectId: (field: "resource_id" | "task_id" | "check_id") => `${field} must be an id string`,
  noWebSocketRoute: "No such route: subscriptions are served at / and /graphql",
  webSocketOrigin: "This origin may not open a WebSocket here (GATEWAY_CORS_ORIGINS)",
  webSocketCapacity: "Too many WebSocket connections; retry later (GATEWAY_MAX_WS_CONNECTIONS)",
  webSocketPending: "Too many WebSocket connections waiting for connection_init; retry later (GATEWAY_MAX_WS_PENDING)",
} as const;

const N = "\\d+";
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** An explanation's shape, from its text with `N` (a number), `W` (what) and `V` (a variable) holes. */
const shape = (code: ErrorCode, template: string): readonly [ErrorCode, RegExp] => [
  code,
  new RegExp(`^${escape(template).replace(/<N>/g, N).replace("<W>", "(?:distinct sessions|media fetches)").replace("<V>", "GATEWAY_[A-Z_]+").replace("<S>", "[a-z]+:read")}$`),
];

/** Each explanation's code and shape (kept beside Explain: a new explanation needs its line here). */
const SHAPES: readonly (readonly [ErrorCode, RegExp])[] = [
  ...Object.values(ErrorCode).map((code) => [code, new RegExp(`^${escape(MESSAGES[code])}$`)] as const),
  shape(ErrorCode.BAD_USER_INPUT, Explain.sessionIdNotUuid(0).replace("0", "<N>")),
  shape(ErrorCode.BAD_USER_INPUT, Explain.tooManyIds(1, 2).replace("1", "<N>").replace("2", "<N>")),
  shape(ErrorCode.BAD_USER_INPUT, Explain.sessionBudget(1, 2).replace("1", "<N>").replace("2", "<N>")),
  shape(ErrorCode.BAD_USER_INPUT, Explain.fetchBudget("media fetches", 1, "<V>").replace("media fetches", "<W>").replace("1", "<N>")),
  shape(ErrorCode.BAD_USER_INPUT, Explain.costBudget(1, 2).replace("1", "<N>").replace("2", "<N>")),
  shape(ErrorCode.BAD_USER_INPUT, Explain.invalidVariables),
  shape(ErrorCode.BAD_USER_INPUT, Explain.dateTimeArgument),
  shape(ErrorCode.BAD_USER_INPUT, Explain.representationNeedsId),
  shape(ErrorCode.BAD_USER_INPUT, Explain.unknownEntity),
  shape(ErrorCode.FORBIDDEN, Explain.missingScope("<S>")),
  shape(ErrorCode.FORBIDDEN, Explain.outsideGrant),
  shape(ErrorCode.UNAUTHENTICATED, Explain.credentialExpired),
  shape(ErrorCode.FORBIDDEN, Explain.mediaToken),
  shape(ErrorCode.BAD_USER_INPUT, Explain.methodNotAllowed),
  shape(ErrorCode.NOT_FOUND, Explain.noSuchRoute),
  shape(ErrorCode.BAD_USER_INPUT, Explain.bodyTooLarge),
  shape(ErrorCode.BAD_USER_INPUT, Explain.bodyCompressed),
  shape(ErrorCode.BAD_USER_INPUT, Explain.bodyNotUtf8),
  shape(ErrorCode.BAD_USER_INPUT, Explain.bodyNotJson),
  shape(ErrorCode.BAD_USER_INPUT, Explain.badRequest),
  shape(ErrorCode.BAD_USER_INPUT, Explain.malformedDocumentId),
  shape(ErrorCode.BAD_USER_INPUT, Explain.malformedPersistedQuery),
  shape(ErrorCode.BAD_USER_INPUT, Explain.extensionsNotObject),
  shape(ErrorCode.BAD_USER_INPUT, Explain.queryNotString),
  shape(ErrorCode.BAD_USER_INPUT, Explain.idDoesNotMatchText),
  shape(ErrorCode.BAD_USER_INPUT, Explain.noDocument),
  shape(ErrorCode.BAD_USER_INPUT, Explain.idsDisagree),
  shape(ErrorCode.BAD_USER_INPUT, Explain.bodyNotOneObject),
  [ErrorCode.BAD_USER_INPUT, /^The (?:query|documentId|extensions) parameter may be given once$/],
  shape(ErrorCode.BAD_USER_INPUT, Explain.extensionsNotJson),
  shape(ErrorCode.BAD_USER_INPUT, Explain.subscriptionsPerConnection(1).replace("1", "<N>")),
  shape(ErrorCode.BAD_USER_INPUT, Explain.unidentifiedOperation),
  shape(ErrorCode.BAD_USER_INPUT, Explain.onlySubscriptionsOverWebSocket),
  shape(ErrorCode.BAD_USER_INPUT, Explain.subscriptionsOverWebSocketOnly),
  shape(ErrorCode.NOT_FOUND, Explain.notificationsDisabled),
  shape(ErrorCode.BAD_USER_INPUT, Explain.notificationNotObject),
  shape(ErrorCode.BAD_USER_INPUT, Explain.notificationNotJson),
  shape(ErrorCode.BAD_USER_INPUT, Explain.notificationSessionId),
  shape(ErrorCode.BAD_USER_INPUT, Explain.notificationTopic),
  [ErrorCode.BAD_USER_INPUT, /^(?:resource_id|task_id|check_id) must be an id string$/],
  shape(ErrorCode.NOT_FOUND, Explain.noWebSocketRoute),
  shape(ErrorCode.FORBIDDEN, Explain.webSocketOrigin),
  shape(ErrorCode.AT_CAPACITY, Explain.webSocketCapacity),
  shape(ErrorCode.AT_CAPACITY, Explain.webSocketPending),
  shape(ErrorCode.BAD_USER_INPUT, Explain.methodNotAllowed),
];

/** True when `message` is `code`'s fixed message or one of its explanations: what every error answer must carry. */
export function isKnownMessage(code: string, message: string): boolean {
  return SHAPES.some(([c, re]) => c === code && re.test(message));
}

/** Maps an upstream HTTP status (after retries) to a code; undefined for success statuses. */
export function codeForStatus(status: number): ErrorCode | undefined {
  if (status < 400) return undefined;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 401 || status === 403) return ErrorCode.UPSTREAM_UNAUTHORIZED;
  if (status === 429) return ErrorCode.UPSTREAM_RATE_LIMITED;
  if (status >= 500) return ErrorCode.UPSTREAM_UNAVAILABLE;
  // 400 and the other 4xx all mean Yoti refused what we sent.
  return ErrorCode.UPSTREAM_BAD_REQUEST;
}

/** The HTTP status the gateway answers with when a whole HTTP response stands for one code (media route). */
export function httpStatusFor(code: ErrorCode, timedOut = false): number {
  if (timedOut) return 504;
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.PERSISTED_QUERY_NOT_FOUND:
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
      return 503;
    case ErrorCode.UPSTREAM_UNAUTHORIZED:
    case ErrorCode.UPSTREAM_BAD_REQUEST:
    case ErrorCode.UPSTREAM_BAD_RESPONSE:
      return 502;
    default:
      return 500;
  }
}
