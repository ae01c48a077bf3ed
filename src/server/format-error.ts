import type { GraphQLFormattedError } from "graphql";
import { ErrorCode, messageFor } from "../upstream/error-codes.js";

/**
 * Last line of defence for error responses: errors the gateway did not code itself (a bug, a
 * library throwing with a URL or a value in its message) go out as INTERNAL_SERVER_ERROR with a
 * fixed message. Apollo's own request errors (validation, parsing, bad input) keep theirs.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code === ErrorCode.INTERNAL_SERVER_ERROR || code === undefined) {
    const original = (error as { originalError?: unknown } | null)?.originalError;
    // graphql's own serialisation errors ("String cannot represent ...") carry no originalError; they are safe.
    if (original !== undefined && original !== null) {
      return { ...formatted, message: messageFor(ErrorCode.INTERNAL_SERVER_ERROR), extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
  }
  return formatted;
}
