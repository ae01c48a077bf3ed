import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { CodedFailure, codedError, refusal, toGraphQLError } from "../../src/errors/coded-error.js";
import { ErrorCode } from "../../src/errors/error-codes.js";
import { RequestBudgetError } from "../../src/loaders/budget-error.js";
import { UpstreamError } from "../../src/upstream/upstream-error.js";

describe("the one coded-error constructor", () => {
  it("a field's error carries its code and no HTTP status; a refusal carries its code's status and any headers", () => {
    expect(codedError(ErrorCode.FORBIDDEN).toJSON()).toEqual({ message: "Not permitted for this caller", extensions: { code: "FORBIDDEN" } });
    expect(refusal(ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, "no").extensions).toEqual({ code: "PERSISTED_QUERY_NOT_IN_LIST", http: { status: 403 } });
    const headers = new Map([["www-authenticate", "Bearer"]]);
    expect(refusal(ErrorCode.UNAUTHENTICATED, "who?", 401, headers).extensions).toEqual({ code: "UNAUTHENTICATED", http: { status: 401, headers } });
  });

  it("toGraphQLError: a failure below the graph speaks its public text and code; anything uncoded is INTERNAL_SERVER_ERROR with the fixed text", () => {
    const coded = new GraphQLError("kept", { extensions: { code: "X" } });
    expect(toGraphQLError(coded)).toBe(coded);
    expect(toGraphQLError(new RequestBudgetError(ErrorCode.BAD_USER_INPUT, "over budget")).toJSON()).toEqual({ message: "over budget", extensions: { code: "BAD_USER_INPUT" } });
    const upstream = new UpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, "GET /sessions/:id", 503);
    expect(upstream.message).toBe("Yoti is unavailable (error, timeout or network failure after retries) (GET /sessions/:id -> 503)");
    expect(toGraphQLError(upstream).toJSON()).toEqual({ message: "Yoti is unavailable (error, timeout or network failure after retries)", extensions: { code: "UPSTREAM_UNAVAILABLE", upstreamStatus: 503 } });
    expect(toGraphQLError(new UpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, "GET /sessions/:id", undefined, "timeout")).extensions).toStrictEqual({ code: "UPSTREAM_UNAVAILABLE" });
    for (const thrown of [new Error("https://api.yoti.com/x?nonce=1"), "a string", undefined, { code: "FORBIDDEN" }]) {
      expect(toGraphQLError(thrown).toJSON()).toEqual({ message: "Internal gateway error", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    }
    expect(new CodedFailure(ErrorCode.NOT_FOUND).publicMessage).toBe("Session or media not found upstream");
  });
});
