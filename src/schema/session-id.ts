import { ErrorCode, Explain } from "../upstream/error-codes.js";
import { isSessionId } from "../upstream/session-id.js";
import { codedError } from "./errors.js";

export { isSessionId } from "../upstream/session-id.js";

/** Most ids one `sessions(ids:)` call may ask for. */
export const MAX_SESSION_IDS = 100;

/** Validates a session id (a UUID, any case) and returns the lower-case form used as the loader key. */
export function sessionKey(id: string): string {
  // The message never echoes the input: it may be huge, or somebody's data pasted by mistake.
  if (!isSessionId(id)) throw codedError(ErrorCode.BAD_USER_INPUT, Explain.sessionIdNotUuid(id.length));
  return id.toLowerCase();
}
