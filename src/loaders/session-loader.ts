import DataLoader from "dataloader";
import type { SessionSource } from "../upstream/session-client.js";
import type { WireSession } from "../upstream/wire/index.js";
import { budgetExceeded } from "./budget-error.js";
import type { RequestStats } from "./request-stats.js";
import type { SessionLinker } from "./session-linker.js";

/** What a request's session loader is bound to. */
export interface SessionLoaderOptions {
  readonly stats: RequestStats;
  /** Aborts the request's upstream reads when its caller goes away. */
  readonly signal?: AbortSignal;
  /** Distinct sessions the request may fetch; keys beyond it fail with a budget error, unfetched. */
  readonly maxSessions: number;
}

/**
 * A per-request loader keyed by session id (callers pass it lower-cased): every reference to one session in one
 * request costs one upstream GET. The batch fans out in parallel; the client enforces the
 * concurrency caps. Failures are cached too, so a failing id is not retried within the request.
 */
export function createSessionLoader(source: SessionSource, linker: SessionLinker, options: SessionLoaderOptions): DataLoader<string, WireSession> {
  const { stats, signal, maxSessions } = options;
  return new DataLoader<string, WireSession>((ids) => {
    // The request's plan was checked against the budget before execution; this guards paths it cannot see.
    const room = Math.max(0, maxSessions - stats.sessionFetches);
    stats.sessionFetches += Math.min(ids.length, room);
    return Promise.all(
      ids.map((id, i) =>
        i >= room
          ? budgetExceeded("distinct sessions", maxSessions, "GATEWAY_MAX_SESSIONS_PER_REQUEST")
          : source.getSession(id, { signal }).then(
              (session) => linker.register(session, id),
              (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
            ),
      ),
    );
  });
}
