import { ErrorCode, Explain } from "../upstream/error-codes.js";
import type { WireSession } from "../upstream/wire/index.js";
import type { ResolverContext } from "./context.js";
import { codedError, toGraphQLError } from "./errors.js";
import { sessionKey } from "./session-id.js";

/**
 * Loads one session through the request's DataLoader; rejects with a coded GraphQL error. Every
 * entry to a session (`session`, `sessions`, a federation `_entities` reference) goes through here,
 * so grants, validation and deduplication are the same for all of them.
 */
export function loadSession(ctx: ResolverContext, id: string): Promise<WireSession> {
  let key: string;
  try {
    key = sessionKey(id);
  } catch (error) {
    return Promise.reject(error);
  }
  // A caller granted specific sessions (JWT idv_session_ids) never causes a fetch of any other.
  if (ctx.caller.sessionIds && !ctx.caller.sessionIds.has(key)) {
    return Promise.reject(codedError(ErrorCode.FORBIDDEN, Explain.outsideGrant));
  }
  ctx.stats.sessionLoads += 1;
  return ctx.loaders.sessions.load(key).catch((error: unknown) => {
    throw toGraphQLError(error);
  });
}
