import { codedError, toGraphQLError } from "../errors/coded-error.js";
import { ErrorCode } from "../errors/error-codes.js";
import { Explain } from "../errors/explain.js";
import { isSessionId } from "../upstream/session-id.js";
import type { WireSession } from "../upstream/wire/index.js";
import type { Caller, ResolverContext } from "./resolver-context.js";

/** Most ids one `sessions(ids:)` call may ask for. */
export const MAX_SESSION_IDS = 100;

/**
 * The one gate to a session, whatever asks (`session`, `sessions`, a federation `_entities`
 * reference, a `sessionUpdated` subscription): `sessionId` must be a UUID (any case) and inside the
 * caller's grant (JWT `idv_session_ids`; an empty list grants nothing). Returns it lower-cased, the
 * form every later step uses; throws a coded GraphQL error, and nothing has been fetched.
 */
export function admitSessionId(caller: Caller, sessionId: string): string {
  // The message never echoes the input: it may be huge, or somebody's data pasted by mistake.
  if (!isSessionId(sessionId)) throw codedError(ErrorCode.BAD_USER_INPUT, Explain.sessionIdNotUuid(sessionId.length));
  const normalized = sessionId.toLowerCase();
  if (caller.sessionIds && !caller.sessionIds.has(normalized)) throw codedError(ErrorCode.FORBIDDEN, Explain.outsideGrant);
  return normalized;
}

/** Loads one session through the request's DataLoader, after `admitSessionId`; rejects with a coded GraphQL error. */
export function loadSession(ctx: ResolverContext, sessionId: string): Promise<WireSession> {
  let admitted: string;
  try {
    admitted = admitSessionId(ctx.caller, sessionId);
  } catch (error) {
    return Promise.reject(error);
  }
  ctx.stats.sessionLoads += 1;
  return ctx.loaders.sessions.load(admitted).catch((error: unknown) => {
    throw toGraphQLError(error);
  });
}
