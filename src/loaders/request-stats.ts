/**
 * One request's upstream work, counted where it happens: loads are references the query made,
 * fetches the keys that got past the request's loaders (loads minus fetches were served by them).
 * With the session cache on, some fetches are answered by it (`...FromCache`) and never reach
 * Yoti. The request log, the metrics and the per-request budget all read this one object.
 */
export interface RequestStats {
  sessionLoads: number;
  sessionFetches: number;
  mediaLoads: number;
  mediaFetches: number;
  /** Session fetches the session cache answered: from memory, or by joining another request's GET in flight. */
  sessionsFromCache: number;
  /** Media fetches the session cache answered, likewise. */
  mediaFromCache: number;
  /** Session configurations fetched (at most one per session per request). */
  configurationFetches: number;
  /** Tracked-device lists fetched (at most one per session per request). */
  trackedDeviceFetches: number;
  /** Supported-documents reads past the request's loader (the cache across requests may still answer them). */
  supportedDocumentsFetches: number;
}

/** Fresh zeroed request stats. */
export function createRequestStats(): RequestStats {
  return {
    sessionLoads: 0,
    sessionFetches: 0,
    mediaLoads: 0,
    mediaFetches: 0,
    sessionsFromCache: 0,
    mediaFromCache: 0,
    configurationFetches: 0,
    trackedDeviceFetches: 0,
    supportedDocumentsFetches: 0,
  };
}

/** Session and media GETs this request itself sent to Yoti. */
export function upstreamGets(stats: RequestStats): { sessions: number; media: number } {
  return { sessions: stats.sessionFetches - stats.sessionsFromCache, media: stats.mediaFetches - stats.mediaFromCache };
}
