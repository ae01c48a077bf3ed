import DataLoader from "dataloader";
import type { MediaSource } from "../upstream/media-client.js";
import { budgetedBatch, fetchBudget } from "./budget-error.js";
import type { RequestStats } from "./request-stats.js";

/** A media reference: the session it belongs to and its id. */
export interface MediaKey {
  readonly sessionId: string;
  readonly mediaId: string;
}

/** What a request's media loader is bound to. */
export interface MediaLoaderOptions {
  readonly stats: RequestStats;
  readonly signal?: AbortSignal;
  /** Upstream media fetches the request may make; keys beyond it fail with a budget error, unfetched. */
  readonly maxMedia: number;
}

/**
 * A per-request loader of parsed JSON media keyed by (session id, media id): one upstream GET per
 * media per request, however many fields (values, json, document fields and task outputs sharing
 * one id) ask for it. Null means Yoti answered 204.
 */
export function createJsonMediaLoader(source: MediaSource, options: MediaLoaderOptions): DataLoader<MediaKey, unknown, string> {
  const { stats, signal, maxMedia } = options;
  const budget = fetchBudget(stats, "media", maxMedia);
  return new DataLoader<MediaKey, unknown, string>(
    // How many media a query touches depends on the sessions' contents, so this budget is enforced as they load.
    (keys) => budgetedBatch(keys, budget, (k) => source.getJsonMedia(k.sessionId, k.mediaId, { signal })),
    { cacheKeyFn: (k) => `${k.sessionId}/${k.mediaId}` },
  );
}
