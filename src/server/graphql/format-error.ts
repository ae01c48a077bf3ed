import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ErrorCode, messageFor } from "../../errors/error-codes.js";
import { Explain } from "../../errors/explain.js";

/** Apollo's code for a document that does not parse. */
const PARSE_FAILED = "GRAPHQL_PARSE_FAILED";
/** What a parse failure says when the parser itself broke (e.g. its stack ran out on deep nesting). */
export const UNPARSABLE_MESSAGE = "The GraphQL document could not be parsed (too deeply nested or malformed)";

/** The first thrown value in an error's `originalError` chain that is not a GraphQLError (Apollo wraps them). */
function rootCause(error: unknown): unknown {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (!(e instanceof GraphQLError)) return e;
    e = e.originalError;
  }
  return undefined;
}

/**
 * Last line of defence for error responses, deciding by where an error came from: errors the
 * gateway did not code itself (a bug, a library throwing with a URL or a value in its message) go
 * out as INTERNAL_SERVER_ERROR with a fixed message; a parse failure that is not graphql's own
 * syntax error (a RangeError from a 2,000-deep literal) gets a fixed message too. Apollo's other
 * request errors (validation, syntax, bad input) keep theirs.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const original = (error as { originalError?: unknown } | null)?.originalError;
  if (code === PARSE_FAILED && rootCause(error) !== undefined) return { ...formatted, message: UNPARSABLE_MESSAGE };
  // graphql's variable coercion errors (Apollo sends them as BAD_USER_INPUT) quote the caller's values back.
  if (code === ErrorCode.BAD_USER_INPUT && formatted.message.startsWith('Variable "$')) return { ...formatted, message: Explain.invalidVariables };
  if (code === ErrorCode.INTERNAL_SERVER_ERROR || code === undefined) {
    // Errors located by graphql-js always carry the thrown value as originalError; only a coded one may speak for itself.
    if (original !== undefined && original !== null) {
      return { ...formatted, message: messageFor(ErrorCode.INTERNAL_SERVER_ERROR), extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
  }
  return formatted;
}

/**
 * The same formatting for an error Apollo never sees (an event of a running subscription): the
 * code defaults to INTERNAL_SERVER_ERROR as Apollo's does, the HTTP hint is dropped, then
 * formatGatewayError masks by origin.
 */
export function formatOutsideApollo(error: GraphQLError): GraphQLFormattedError {
  const { http: _status, ...extensions } = error.extensions as Record<string, unknown>;
  const enriched: GraphQLFormattedError = { ...error.toJSON(), extensions: { ...extensions, code: extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR } };
  return formatGatewayError(enriched, error);
}
