import { ErrorCode, messageFor } from "../../src/errors/error-codes.js";
import { Explain } from "../../src/errors/explain.js";

// The tests' oracle for the gateway's one vocabulary of errors: which texts each code may carry.

const N = "\\d+";
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** An explanation's shape, from its text with `N` (a number), `W` (what) and `V` (a variable) holes. */
const shape = (code: ErrorCode, template: string): readonly [ErrorCode, RegExp] => [
  code,
  new RegExp(`^${escape(template).replace(/<N>/g, N).replace("<W>", "(?:distinct sessions|media fetches|session configurations|tracked-device reads|supported-documents reads)").replace("<V>", "GATEWAY_[A-Z_]+").replace("<S>", "[a-z]+:[a-z]+")}$`),
];

/** Each explanation's code and shape: a new explanation needs its line here (a unit test checks every one has one). */
export const SHAPES: readonly (readonly [ErrorCode, RegExp])[] = [
  ...Object.values(ErrorCode).map((code) => [code, new RegExp(`^${escape(messageFor(code))}$`)] as const),
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
  shape(ErrorCode.BAD_USER_INPUT, Explain.auditCursor),
  shape(ErrorCode.BAD_USER_INPUT, Explain.auditPageSize(7).replace("7", "<N>")),
  shape(ErrorCode.BAD_USER_INPUT, Explain.purposeTooLong(1).replace("1", "<N>")),
  shape(ErrorCode.BAD_USER_INPUT, Explain.auditRange),
  shape(ErrorCode.BAD_USER_INPUT, Explain.notInSubscriptions),
  shape(ErrorCode.FORBIDDEN, Explain.noMaskedForm),
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
  shape(ErrorCode.BAD_USER_INPUT, Explain.onlySubscriptionsOverWebSocket),
  shape(ErrorCode.BAD_USER_INPUT, Explain.subscriptionsOverWebSocketOnly),
  shape(ErrorCode.NOT_FOUND, Explain.notificationsDisabled),
  shape(ErrorCode.UNAUTHENTICATED, Explain.webhookUnauthenticated),
  shape(ErrorCode.BAD_USER_INPUT, Explain.notificationNotObject),
  shape(ErrorCode.BAD_USER_INPUT, Explain.notificationNotJson),
  shape(ErrorCode.BAD_USER_INPUT, Explain.notificationSessionId),
  shape(ErrorCode.BAD_USER_INPUT, Explain.notificationTopic),
  [ErrorCode.BAD_USER_INPUT, /^(?:resource_id|task_id|check_id) must be an id string$/],
  shape(ErrorCode.NOT_FOUND, Explain.noWebSocketRoute),
  shape(ErrorCode.FORBIDDEN, Explain.webSocketOrigin),
  shape(ErrorCode.AT_CAPACITY, Explain.webSocketCapacity),
  shape(ErrorCode.AT_CAPACITY, Explain.webSocketPending),
];

/** True when `message` is `code`'s fixed message or one of its explanations: what every error answer must carry. */
export function isKnownMessage(code: string, message: string): boolean {
  return SHAPES.some(([c, re]) => c === code && re.test(message));
}

