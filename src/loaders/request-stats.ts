/**
 * One request's upstream work, counted where it happens: loads are references the query made,
 * fetches the keys that reached Yoti (loads minus fetches were served by the request's loaders).
 * The request log, the metrics and the per-request budget all read this one object.
 */
export interface RequestStats {
  sessionLoads: number;
  sessionFetches: number;
  mediaLoads: number;
  mediaFetches: number;
}

/** Fresh zeroed request stats. */
export function createRequestStats(): RequestStats {
  return { sessionLoads: 0, sessionFetches: 0, mediaLoads: 0, mediaFetches: 0 };
}
