import DataLoader from "dataloader";
import type { MediaSource } from "../upstream/media-client.js";
import type { FetchCounter } from "./session-loader.js";

/** A media reference: the session it belongs to and its id. */
export interface MediaKey {
  readonly sessionId: string;
  readonly mediaId: string;
}

/**
 * A per-request loader of parsed JSON media keyed by (session id, media id): one upstream GET per
 * media per request, however many fields (values, json, document fields and task outputs sharing
 * one id) ask for it. Null means Yoti answered 204.
 */
export function createJsonMediaLoader(source: MediaSource, stats?: FetchCounter): DataLoader<MediaKey, unknown, string> {
  return new DataLoader<MediaKey, unknown, string>(
    (keys) => {
      if (stats) stats.mediaFetches += keys.length;
      return Promise.all(
        keys.map((k) =>
          source.getJsonMedia(k.sessionId, k.mediaId).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        ),
      );
    },
    { cacheKeyFn: (k) => `${k.sessionId}/${k.mediaId}` },
  );
}
