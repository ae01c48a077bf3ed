import DataLoader from "dataloader";
import type { MediaSource } from "../upstream/media-client.js";
import { budgetExceeded } from "./budget-error.js";
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
  return new DataLoader<MediaKey, unknown, string>(
    (keys) => {
      // How many media a query touches depends on the sessions' contents, so this budget is enforced as they load.
      const room = Math.max(0, maxMedia - stats.mediaFetches);
      stats.mediaFetches += Math.min(keys.length, room);
      return Promise.all(
        keys.map((k, i) =>
          i >= room
            ? budgetExceeded("media fetches", maxMedia, "GATEWAY_MAX_MEDIA_PER_REQUEST")
            : source.getJsonMedia(k.sessionId, k.mediaId, { signal }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        ),
      );
    },
    { cacheKeyFn: (k) => `${k.sessionId}/${k.mediaId}` },
  );
}
