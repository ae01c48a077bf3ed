import { parseSessionBody } from "./parse-session.js";
import { guardedRead, type CallOptions, type Upstream } from "./upstream-read.js";
import type { WireSession } from "./wire/index.js";

/** The endpoint template errors and metrics name for this read. */
export const SESSION_ENDPOINT = "GET /sessions/:id";

/** What the session loader needs from Yoti. */
export interface SessionSource {
  /** Fetches one session; rejects with an UpstreamError. */
  getSession(sessionId: string, call?: CallOptions): Promise<WireSession>;
}

/** `GET /sessions/{id}`: signed per attempt, retried within the deadline, within the slots; the body is parsed once. */
export function sessionGetter(upstream: Upstream): SessionSource["getSession"] {
  return (sessionId, call = {}) =>
    guardedRead(upstream, SESSION_ENDPOINT, sessionId, call, async (options) => {
      // The id was validated as a UUID before it got here, so it needs no escaping.
      const response = await upstream.got.get(`sessions/${sessionId}`, { ...options, responseType: "text" });
      return parseSessionBody(response.body, response.statusCode);
    });
}
