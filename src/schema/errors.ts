import { GraphQLError } from "graphql";
import { ErrorCode, httpStatusFor, messageFor } from "../upstream/error-codes.js";
import { RequestBudgetError } from "../loaders/budget-error.js";
import { UpstreamError } from "../upstream/upstream-error.js";

/** A GraphQL error carrying one of the gateway's stable codes: a field's error, which leaves the HTTP status alone. */
export function codedError(code: ErrorCode, message: string = messageFor(code)): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** A coded error that refuses a whole request before it runs: over HTTP it answers with its code's status. */
export function refusal(code: ErrorCode, message: string = messageFor(code)): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: httpStatusFor(code) } } });
}

/** Converts whatever a loader rejected with into a coded GraphQL error; unknown errors become INTERNAL_SERVER_ERROR. */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof RequestBudgetError) return codedError(error.code, error.message);
  if (error instanceof UpstreamError) {
    return new GraphQLError(messageFor(error.code), {
      extensions: { code: error.code, ...(error.status === undefined ? {} : { upstreamStatus: error.status }) },
    });
  }
  return codedError(ErrorCode.INTERNAL_SERVER_ERROR);
}
