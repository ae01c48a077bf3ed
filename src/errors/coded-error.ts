import { GraphQLError } from "graphql";
import { ErrorCode, httpStatusFor, messageFor } from "./error-codes.js";

/**
 * A failure below the graph (an upstream read, a request budget) that already knows its code and a
 * message fit for a caller: fixed text, or an explanation that names a limit, never a value.
 */
export class CodedFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    /** The text a caller may see; `message` itself may say more, for logs. */
    readonly publicMessage: string = messageFor(code),
    /** Extensions a caller may see besides the code (e.g. `upstreamStatus`). */
    readonly publicExtensions: Readonly<Record<string, unknown>> = {},
    message: string = publicMessage,
  ) {
    super(message);
  }
}

/** A GraphQL error carrying one of the gateway's codes: a field's error, which leaves the HTTP status alone. */
export function codedError(code: ErrorCode, message: string = messageFor(code)): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** A coded error that refuses a whole request before it runs: over HTTP it answers with its code's status (and `headers`). */
export function refusal(code: ErrorCode | string, message: string, status = httpStatusFor(code as ErrorCode), headers?: ReadonlyMap<string, string>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status, ...(headers ? { headers } : {}) } } });
}

/** Whatever a resolver or loader failed with, as a coded GraphQL error; anything the gateway did not code is INTERNAL_SERVER_ERROR. */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof CodedFailure) return new GraphQLError(error.publicMessage, { extensions: { code: error.code, ...error.publicExtensions } });
  return codedError(ErrorCode.INTERNAL_SERVER_ERROR);
}
