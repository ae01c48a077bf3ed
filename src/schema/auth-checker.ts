import type { AuthCheckerFn } from "type-graphql";
import type { Scope } from "../config/security-config.js";
import { ErrorCode } from "../errors/error-codes.js";
import { Explain } from "../errors/explain.js";
import type { ResolverContext } from "./resolver-context.js";
import { codedError } from "../errors/coded-error.js";

export { Scope } from "../config/security-config.js";

/**
 * The one auth checker: a field marked `@Authorized(scope...)` needs every listed scope. Denial is a
 * FORBIDDEN error on that field only (it resolves to null); the rest of the query goes on.
 */
export const scopeAuthChecker: AuthCheckerFn<ResolverContext> = ({ context }, scopes) => {
  for (const scope of scopes) {
    if (!context.caller.scopes.has(scope as Scope)) throw codedError(ErrorCode.FORBIDDEN, Explain.missingScope(scope));
  }
  return true;
};
