import { ErrorCode, Explain } from "../upstream/error-codes.js";
import type { WireSession } from "../upstream/wire/index.js";
import { Scope } from "./auth-checker.js";
import type { ResolverContext } from "./context.js";
import { codedError } from "./errors.js";
import { loadSession } from "./load-session.js";

/** What a router sends for a Session entity: its `@key` fields. */
export interface SessionReference {
  readonly __typename: "Session";
  readonly id?: unknown;
}

/**
 * Federation's reference resolver for `Session` (`_entities(representations:)`): the same checks
 * and the same per-request DataLoader as `session(id:)`, so a router asking for 50 sessions costs
 * at most 50 GETs, duplicates once. `_entities` is outside type-graphql, so the scope `session`
 * carries through `@Authorized` is checked here.
 */
export function resolveSessionReference(reference: SessionReference, ctx: ResolverContext): Promise<WireSession> {
  if (!ctx.caller.scopes.has(Scope.SESSIONS_READ)) {
    return Promise.reject(codedError(ErrorCode.FORBIDDEN, Explain.missingScope(Scope.SESSIONS_READ)));
  }
  // `_Any` lets a representation carry anything; only a string can be a session id.
  if (typeof reference.id !== "string") {
    return Promise.reject(codedError(ErrorCode.BAD_USER_INPUT, Explain.representationNeedsId));
  }
  return loadSession(ctx, reference.id);
}
