import { ErrorCode, Explain } from "../upstream/error-codes.js";
import { codedError } from "./errors.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Most ids one `sessions(ids:)` call may ask for. */
export const MAX_SESSION_IDS = 100;

/** True for a session id: a UUID, any case. */
export function isSessionId(id: string): boolean {
  return UUID.test(id);
}

/** Validates a session id (a UUID, any case) and returns the lower-case form used as the loader key. */
export function sessionKey(id: string): string {
  // The message never echoes the input: it may be huge, or somebody's data pasted by mistake.
  if (!isSessionId(id)) throw codedError(ErrorCode.BAD_USER_INPUT, Explain.sessionIdNotUuid(id.length));
  return id.toLowerCase();
}
