import pLimit from "p-limit";
import type { UpstreamConfig } from "../config/config.js";
import { createSignedGot, toUpstreamError } from "./http-client.js";
import { parseSessionBody } from "./parse-session.js";
import type { WireSession } from "./wire/index.js";

/** What the loaders need from Yoti: the contract the tests hold the client to. */
export interface SessionSource {
  /** Fetches one session; rejects with an UpstreamError. */
  getSession(sessionId: string): Promise<WireSession>;
}

/** Counts what the client did, for tests, logs and metrics. */
export interface UpstreamCounters {
  sessionGets: number;
}

/** The gateway's upstream client: signed, retried, capped at `maxConcurrency` requests in flight. */
export function createSessionClient(config: UpstreamConfig): SessionSource & { counters: UpstreamCounters } {
  const http = createSignedGot(config);
  const limit = pLimit(config.maxConcurrency);
  const counters: UpstreamCounters = { sessionGets: 0 };
  return {
    counters,
    getSession(sessionId) {
      return limit(async () => {
        counters.sessionGets += 1;
        let response;
        try {
          // The id was validated as a UUID before it got here, so it needs no escaping.
          response = await http.get(`sessions/${sessionId}`, { responseType: "text" });
        } catch (error) {
          throw toUpstreamError(error, "GET /sessions/:id");
        }
        return parseSessionBody(response.body, response.statusCode);
      });
    },
  };
}
