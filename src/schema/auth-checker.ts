import type { AuthChecker } from "type-graphql";
import type { GatewayContext } from "../loaders/context.js";
import { ErrorCode } from "../upstream/error-codes.js";
import { codedError } from "./errors.js";

/** Scope names as used with `@Authorized(...)`. */
export const Scope = {
  SESSIONS_READ: "sessions:read",
  PII_READ: "pii:read",
  MEDIA_READ: "media:read",
} as const;

/**
 * The one auth checker: a field marked `@Authorized(scope...)` needs every listed scope. Denial is a
 * FORBIDDEN error on that field only (it resolves to null); the rest of the query goes on.
 */
export const scopeAuthChecker: AuthChecker<GatewayContext> = ({ context }, scopes) => {
  for (const scope of scopes) {
    if (!context.caller.scopes.has(scope)) throw codedError(ErrorCode.FORBIDDEN, `This field needs the ${scope} scope`);
  }
  return true;
};
