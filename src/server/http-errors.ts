import type { NextFunction, Request, Response } from "express";
import { ErrorCode } from "../upstream/error-codes.js";

/** A GraphQL-shaped error body, so clients parse every failure the same way. */
export function graphqlErrorBody(message: string, code: string): { errors: { message: string; extensions: { code: string } }[] } {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Express's last error handler: body-parser failures (oversized, malformed JSON, bad charset) become
 * 4xx with a fixed message; anything else is a 500 without a stack or HTML page.
 */
export function httpErrorHandler() {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
    const type = (error as { type?: string }).type;
    if (status === 413) {
      res.status(413).json(graphqlErrorBody("Request body too large", ErrorCode.BAD_USER_INPUT));
    } else if (status !== undefined && status >= 400 && status < 500) {
      const message = type === "entity.parse.failed" ? "Request body is not valid JSON" : "Bad request";
      res.status(status).json(graphqlErrorBody(message, ErrorCode.BAD_USER_INPUT));
    } else {
      res.status(500).json(graphqlErrorBody("Internal gateway error", ErrorCode.INTERNAL_SERVER_ERROR));
    }
  };
}
