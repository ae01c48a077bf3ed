import { ErrorCode } from "../errors/error-codes.js";
import { Explain } from "../errors/explain.js";
import type { WireSession } from "../upstream/wire/index.js";
import { Scope } from "./auth-checker.js";
import type { ResolverContext } from "./resolver-context.js";
import { codedError, toGraphQLError } from "../errors/coded-error.js";
import { loadSession } from "./session-access.js";

/** The one entity type this subgraph resolves (`@key(fields: "id")`). */
export const ENTITY_TYPENAME = "Session";

/** One representation: the router's `{ __typename, id }`, or whatever a caller put in an `_Any`. */
function resolveEntity(representation: unknown, ctx: ResolverContext): Promise<WireSession> {
  const { __typename, id } = (typeof representation === "object" && representation !== null ? representation : {}) as { __typename?: unknown; id?: unknown };
  if (__typename !== ENTITY_TYPENAME || Array.isArray(representation)) return Promise.reject(codedError(ErrorCode.BAD_USER_INPUT, Explain.unknownEntity));
  // `_entities` is outside type-graphql: the scope `session` carries through `@Authorized` is checked here.
  if (!ctx.caller.scopes.has(Scope.SESSIONS_READ)) return Promise.reject(codedError(ErrorCode.FORBIDDEN, Explain.missingScope(Scope.SESSIONS_READ)));
  // `_Any` lets a representation carry anything; only a string can be a session id.
  if (typeof id !== "string") return Promise.reject(codedError(ErrorCode.BAD_USER_INPUT, Explain.representationNeedsId));
  return loadSession(ctx, id);
}

/**
 * Federation's `_entities(representations:)`, in place of @apollo/subgraph's: every representation
 * gets its own answer (a session, or a coded error at its index), and no promise is left behind to
 * reject outside the request (Apollo's resolver throws on an unknown typename while the
 * representations before it are still loading). Sessions go through `loadSession`, with the same
 * grants and per-request DataLoader as `session(id:)`, and are returned as they are: the session
 * cache hands out frozen bodies, so nothing may be written onto them (`_Entity` is resolved by
 * `resolveEntityType`, not by a `__typename` property).
 */
export function resolveEntities(representations: readonly unknown[], ctx: ResolverContext): Promise<(WireSession | Error)[]> {
  return Promise.all(representations.map((r) => resolveEntity(r, ctx).catch((error: unknown) => toGraphQLError(error))));
}

/** `_Entity`'s type resolver: every entity this subgraph answers is a Session. */
export function resolveEntityType(): string {
  return ENTITY_TYPENAME;
}
