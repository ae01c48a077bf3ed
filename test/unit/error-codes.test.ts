import { describe, expect, it } from "vitest";
import { ErrorCode, httpStatusFor, messageFor } from "../../src/errors/error-codes.js";
import { Explain } from "../../src/errors/explain.js";
import { isKnownMessage, SHAPES } from "../support/error-vocabulary.js";
import { codeForStatus } from "../../src/upstream/upstream-error.js";

describe("an upstream status after retries is one code (README: Errors)", () => {
  it.each([
    [200, undefined],
    [204, undefined],
    [304, undefined],
    [399, undefined],
    [400, ErrorCode.UPSTREAM_BAD_REQUEST],
    [401, ErrorCode.UPSTREAM_UNAUTHORIZED],
    [402, ErrorCode.UPSTREAM_BAD_REQUEST],
    [403, ErrorCode.UPSTREAM_UNAUTHORIZED],
    [404, ErrorCode.NOT_FOUND],
    [405, ErrorCode.UPSTREAM_BAD_REQUEST],
    [409, ErrorCode.UPSTREAM_BAD_REQUEST],
    [428, ErrorCode.UPSTREAM_BAD_REQUEST],
    [429, ErrorCode.UPSTREAM_RATE_LIMITED],
    [430, ErrorCode.UPSTREAM_BAD_REQUEST],
    [499, ErrorCode.UPSTREAM_BAD_REQUEST],
    [500, ErrorCode.UPSTREAM_UNAVAILABLE],
    [503, ErrorCode.UPSTREAM_UNAVAILABLE],
    [599, ErrorCode.UPSTREAM_UNAVAILABLE],
  ])("%i -> %s", (status, code) => {
    expect(codeForStatus(status)).toBe(code);
  });
});

describe("a whole HTTP answer for one code has one status", () => {
  it.each([
    [ErrorCode.BAD_USER_INPUT, 400],
    [ErrorCode.PERSISTED_QUERY_NOT_FOUND, 400],
    [ErrorCode.NOT_FOUND, 404],
    [ErrorCode.UNAUTHENTICATED, 401],
    [ErrorCode.FORBIDDEN, 403],
    [ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, 403],
    [ErrorCode.UPSTREAM_RATE_LIMITED, 503],
    [ErrorCode.UPSTREAM_UNAVAILABLE, 503],
    [ErrorCode.SHUTTING_DOWN, 503],
    [ErrorCode.UPSTREAM_UNAUTHORIZED, 502],
    [ErrorCode.UPSTREAM_BAD_REQUEST, 502],
    [ErrorCode.UPSTREAM_BAD_RESPONSE, 502],
    [ErrorCode.INTERNAL_SERVER_ERROR, 500],
  ])("%s -> %i, and 504 when the upstream timed out", (code, status) => {
    expect(httpStatusFor(code)).toBe(status);
    expect(httpStatusFor(code, false)).toBe(status);
    expect(httpStatusFor(code, true)).toBe(504);
  });
});

describe("the message catalogue", () => {
  it("every code has its own fixed message, and it is known under that code only", () => {
    const codes = Object.values(ErrorCode);
    expect(new Set(codes.map(messageFor)).size).toBe(codes.length);
    for (const code of codes) {
      expect(messageFor(code)).toMatch(/^[A-Z][^\n]{5,}$/);
      for (const other of codes) expect(isKnownMessage(other, messageFor(code))).toBe(other === code);
    }
  });

  it("a known message with anything before or after it is not known", () => {
    const message = messageFor(ErrorCode.NOT_FOUND);
    for (const text of [`${message}.`, ` ${message}`, `${message}: https://api.yoti.com/x?nonce=1`, message.slice(0, -1), ""]) {
      expect(isKnownMessage(ErrorCode.NOT_FOUND, text)).toBe(false);
    }
  });

  it.each([
    [ErrorCode.BAD_USER_INPUT, Explain.sessionIdNotUuid(37), "Session id must be a UUID (got 37 characters)"],
    [ErrorCode.BAD_USER_INPUT, Explain.tooManyIds(100, 101), "At most 100 ids per sessions() call (got 101)"],
    [ErrorCode.BAD_USER_INPUT, Explain.sessionBudget(12, 10), "This request reads 12 distinct sessions; at most 10 per request (GATEWAY_MAX_SESSIONS_PER_REQUEST)"],
    [
      ErrorCode.BAD_USER_INPUT,
      Explain.fetchBudget("distinct sessions", 7, "GATEWAY_MAX_SESSIONS_PER_REQUEST"),
      "This request needs more distinct sessions than its budget; at most 7 per request (GATEWAY_MAX_SESSIONS_PER_REQUEST)",
    ],
    [
      ErrorCode.BAD_USER_INPUT,
      Explain.fetchBudget("media fetches", 0, "GATEWAY_MAX_MEDIA_PER_REQUEST"),
      "This request needs more media fetches than its budget; at most 0 per request (GATEWAY_MAX_MEDIA_PER_REQUEST)",
    ],
    [ErrorCode.BAD_USER_INPUT, Explain.costBudget(2500, 2000), "Query cost 2500 is over the limit of 2000 (GATEWAY_MAX_COST)"],
    [ErrorCode.FORBIDDEN, Explain.missingScope("pii:read"), "This field needs the pii:read scope"],
    [ErrorCode.BAD_USER_INPUT, Explain.parameterTwice("documentId"), "The documentId parameter may be given once"],
  ])("%s explanation %j reads as documented", (code, text, expected) => {
    expect(text).toBe(expected);
    expect(isKnownMessage(code, text)).toBe(true);
    expect(isKnownMessage(code === ErrorCode.FORBIDDEN ? ErrorCode.BAD_USER_INPUT : ErrorCode.FORBIDDEN, text)).toBe(false);
  });

  it("explanations name numbers, scopes and variables only where their holes are", () => {
    expect(isKnownMessage(ErrorCode.BAD_USER_INPUT, "Session id must be a UUID (got many characters)")).toBe(false);
    expect(isKnownMessage(ErrorCode.FORBIDDEN, "This field needs the <script> scope")).toBe(false);
    expect(isKnownMessage(ErrorCode.BAD_USER_INPUT, "This request needs more sessions than its budget; at most 1 per request (GATEWAY_X)")).toBe(false);
    expect(isKnownMessage(ErrorCode.BAD_USER_INPUT, "This request needs more media fetches than its budget; at most 1 per request (PATH)")).toBe(false);
  });

  it("every fixed explanation is known under its code", () => {
    const fixed: [ErrorCode, string][] = [
      [ErrorCode.BAD_USER_INPUT, Explain.invalidVariables],
      [ErrorCode.FORBIDDEN, Explain.outsideGrant],
      [ErrorCode.FORBIDDEN, Explain.mediaToken],
      [ErrorCode.BAD_USER_INPUT, Explain.methodNotAllowed],
      [ErrorCode.NOT_FOUND, Explain.noSuchRoute],
      [ErrorCode.BAD_USER_INPUT, Explain.bodyTooLarge],
      [ErrorCode.BAD_USER_INPUT, Explain.bodyCompressed],
      [ErrorCode.BAD_USER_INPUT, Explain.bodyNotUtf8],
      [ErrorCode.BAD_USER_INPUT, Explain.bodyNotJson],
      [ErrorCode.BAD_USER_INPUT, Explain.badRequest],
      [ErrorCode.BAD_USER_INPUT, Explain.malformedDocumentId],
      [ErrorCode.BAD_USER_INPUT, Explain.malformedPersistedQuery],
      [ErrorCode.BAD_USER_INPUT, Explain.extensionsNotObject],
      [ErrorCode.BAD_USER_INPUT, Explain.queryNotString],
      [ErrorCode.BAD_USER_INPUT, Explain.idDoesNotMatchText],
      [ErrorCode.BAD_USER_INPUT, Explain.noDocument],
      [ErrorCode.BAD_USER_INPUT, Explain.idsDisagree],
      [ErrorCode.BAD_USER_INPUT, Explain.bodyNotOneObject],
      [ErrorCode.BAD_USER_INPUT, Explain.extensionsNotJson],
    ];
    for (const [code, text] of fixed) {
      expect(text.length).toBeGreaterThan(5);
      expect(isKnownMessage(code, text)).toBe(true);
    }
  });
});

describe("the test oracle of the vocabulary (test/support/error-vocabulary.ts) knows every explanation", () => {
  // Typed by Explain's keys: a new explanation does not compile until it has a line here.
  const samples: Record<keyof typeof Explain, readonly [ErrorCode, string]> = {
    sessionIdNotUuid: [ErrorCode.BAD_USER_INPUT, Explain.sessionIdNotUuid(3)],
    tooManyIds: [ErrorCode.BAD_USER_INPUT, Explain.tooManyIds(100, 120)],
    sessionBudget: [ErrorCode.BAD_USER_INPUT, Explain.sessionBudget(5, 4)],
    fetchBudget: [ErrorCode.BAD_USER_INPUT, Explain.fetchBudget("media fetches", 2, "GATEWAY_MAX_MEDIA_PER_REQUEST")],
    costBudget: [ErrorCode.BAD_USER_INPUT, Explain.costBudget(30, 20)],
    invalidVariables: [ErrorCode.BAD_USER_INPUT, Explain.invalidVariables],
    dateTimeArgument: [ErrorCode.BAD_USER_INPUT, Explain.dateTimeArgument],
    representationNeedsId: [ErrorCode.BAD_USER_INPUT, Explain.representationNeedsId],
    unknownEntity: [ErrorCode.BAD_USER_INPUT, Explain.unknownEntity],
    missingScope: [ErrorCode.FORBIDDEN, Explain.missingScope("media:read")],
    auditCursor: [ErrorCode.BAD_USER_INPUT, Explain.auditCursor],
    auditPageSize: [ErrorCode.BAD_USER_INPUT, Explain.auditPageSize(500)],
    purposeTooLong: [ErrorCode.BAD_USER_INPUT, Explain.purposeTooLong(200)],
    auditRange: [ErrorCode.BAD_USER_INPUT, Explain.auditRange],
    noMaskedForm: [ErrorCode.FORBIDDEN, Explain.noMaskedForm],
    notInSubscriptions: [ErrorCode.BAD_USER_INPUT, Explain.notInSubscriptions],
    outsideGrant: [ErrorCode.FORBIDDEN, Explain.outsideGrant],
    credentialExpired: [ErrorCode.UNAUTHENTICATED, Explain.credentialExpired],
    mediaToken: [ErrorCode.FORBIDDEN, Explain.mediaToken],
    methodNotAllowed: [ErrorCode.BAD_USER_INPUT, Explain.methodNotAllowed],
    noSuchRoute: [ErrorCode.NOT_FOUND, Explain.noSuchRoute],
    bodyTooLarge: [ErrorCode.BAD_USER_INPUT, Explain.bodyTooLarge],
    bodyCompressed: [ErrorCode.BAD_USER_INPUT, Explain.bodyCompressed],
    bodyNotUtf8: [ErrorCode.BAD_USER_INPUT, Explain.bodyNotUtf8],
    bodyNotJson: [ErrorCode.BAD_USER_INPUT, Explain.bodyNotJson],
    badRequest: [ErrorCode.BAD_USER_INPUT, Explain.badRequest],
    malformedDocumentId: [ErrorCode.BAD_USER_INPUT, Explain.malformedDocumentId],
    malformedPersistedQuery: [ErrorCode.BAD_USER_INPUT, Explain.malformedPersistedQuery],
    extensionsNotObject: [ErrorCode.BAD_USER_INPUT, Explain.extensionsNotObject],
    queryNotString: [ErrorCode.BAD_USER_INPUT, Explain.queryNotString],
    idDoesNotMatchText: [ErrorCode.BAD_USER_INPUT, Explain.idDoesNotMatchText],
    noDocument: [ErrorCode.BAD_USER_INPUT, Explain.noDocument],
    idsDisagree: [ErrorCode.BAD_USER_INPUT, Explain.idsDisagree],
    bodyNotOneObject: [ErrorCode.BAD_USER_INPUT, Explain.bodyNotOneObject],
    parameterTwice: [ErrorCode.BAD_USER_INPUT, Explain.parameterTwice("query")],
    extensionsNotJson: [ErrorCode.BAD_USER_INPUT, Explain.extensionsNotJson],
    subscriptionsPerConnection: [ErrorCode.BAD_USER_INPUT, Explain.subscriptionsPerConnection(20)],
    onlySubscriptionsOverWebSocket: [ErrorCode.BAD_USER_INPUT, Explain.onlySubscriptionsOverWebSocket],
    subscriptionsOverWebSocketOnly: [ErrorCode.BAD_USER_INPUT, Explain.subscriptionsOverWebSocketOnly],
    notificationsDisabled: [ErrorCode.NOT_FOUND, Explain.notificationsDisabled],
    webhookUnauthenticated: [ErrorCode.UNAUTHENTICATED, Explain.webhookUnauthenticated],
    notificationNotObject: [ErrorCode.BAD_USER_INPUT, Explain.notificationNotObject],
    notificationNotJson: [ErrorCode.BAD_USER_INPUT, Explain.notificationNotJson],
    notificationSessionId: [ErrorCode.BAD_USER_INPUT, Explain.notificationSessionId],
    notificationTopic: [ErrorCode.BAD_USER_INPUT, Explain.notificationTopic],
    notificationSubjectId: [ErrorCode.BAD_USER_INPUT, Explain.notificationSubjectId("task_id")],
    noWebSocketRoute: [ErrorCode.NOT_FOUND, Explain.noWebSocketRoute],
    webSocketOrigin: [ErrorCode.FORBIDDEN, Explain.webSocketOrigin],
    webSocketCapacity: [ErrorCode.AT_CAPACITY, Explain.webSocketCapacity],
    webSocketPending: [ErrorCode.AT_CAPACITY, Explain.webSocketPending],
  };

  it.each(Object.entries(samples))("%s is known under its code, and only there", (_name, [code, text]) => {
    expect(isKnownMessage(code, text)).toBe(true);
    expect(Object.values(ErrorCode).filter((other) => isKnownMessage(other, text))).toEqual([code]);
  });

  it("has one shape per fixed message and per explanation, and none for anything else", () => {
    expect(SHAPES).toHaveLength(Object.values(ErrorCode).length + Object.keys(samples).length);
  });
});
