import type { Got } from "got";
import type { LimitFunction } from "p-limit";
import { toUpstreamError } from "./http-client.js";
import { parseSessionBody } from "./parse-session.js";
import type { WireSession } from "./wire/index.js";

/** What the session loader needs from Yoti. */
export interface SessionSource {
  /** Fetches one session; rejects with an UpstreamError. */
  getSession(sessionId: string): Promise<WireSession>;
}

/** `GET /sessions/{id}`: signed, retried, within the shared concurrency cap; the body is parsed once. */
export function sessionGetter(http: Got, limit: LimitFunction): SessionSource["getSession"] {
  return (sessionId) =>
    limit(async () => {
      let response;
      try {
        // The id was validated as a UUID before it got here, so it needs no escaping.
        response = await http.get(`sessions/${sessionId}`, { responseType: "text" });
      } catch (error) {
        throw toUpstreamError(error, "GET /sessions/:id");
      }
      return parseSessionBody(response.body, response.statusCode);
    });
}
