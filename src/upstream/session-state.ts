import type { WireSession } from "./wire/index.js";

/**
 * Whether a session has reached a state after which nothing more happens (COMPLETED or EXPIRED, in
 * any case). Live subscriptions end there, and only such sessions may be kept by the session cache.
 */
export function isFinished(session: WireSession): boolean {
  const state = typeof session.state === "string" ? session.state.toUpperCase() : undefined;
  return state === "COMPLETED" || state === "EXPIRED";
}
