import DataLoader from "dataloader";
import type { SessionSource } from "../upstream/session-client.js";
import type { WireSession } from "../upstream/wire/index.js";
import type { SessionLinker } from "./session-index.js";

/** Where a loader reports how many keys reached its batch function (the rest were cache hits). */
export interface FetchCounter {
  sessionFetches: number;
  mediaFetches: number;
}

/**
 * A per-request loader keyed by session id (callers pass it lower-cased): every reference to one session in one
 * request costs one upstream GET. The batch fans out in parallel; the client enforces the
 * concurrency cap. Failures are cached too, so a failing id is not retried within the request.
 */
export function createSessionLoader(source: SessionSource, linker: SessionLinker, stats?: FetchCounter): DataLoader<string, WireSession> {
  return new DataLoader<string, WireSession>(
    (ids) => {
      if (stats) stats.sessionFetches += ids.length;
      return Promise.all(
        ids.map((id) =>
          source.getSession(id).then(
            (session) => linker.register(session, id),
            (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
          ),
        ),
      );
    },
  );
}
