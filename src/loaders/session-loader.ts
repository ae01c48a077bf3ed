import DataLoader from "dataloader";
import type { SessionSource } from "../upstream/session-client.js";
import type { WireSession } from "../upstream/wire/index.js";
import { budgetedBatch, fetchBudget } from "./budget-error.js";
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
  const budget = fetchBudget(stats, "sessions", maxSessions);
  // The request's plan was checked against the budget before execution; this guards paths it cannot see.
  return new DataLoader<string, WireSession>((ids) => budgetedBatch(ids, budget, (id) => source.getSession(id, { signal }).then((session) => linker.register(session, id))));
}
