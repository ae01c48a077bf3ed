import type DataLoader from "dataloader";
import type { YotiClient } from "../upstream/yoti-client.js";
import type { WireSession } from "../upstream/wire/index.js";
import { createJsonMediaLoader, type MediaKey } from "./media-loader.js";
import { createReadApiLoaders, type ReadApiLoaders } from "./read-api-loaders.js";
import type { RequestStats } from "./request-stats.js";
import type { SessionCache } from "../upstream/cache/session-cache.js";
import { SessionLinker } from "./session-linker.js";
import { createSessionLoader } from "./session-loader.js";

/** The per-request loaders every resolver reaches through its context. */
export interface Loaders extends ReadApiLoaders {
  readonly sessions: DataLoader<string, WireSession>;
  readonly jsonMedia: DataLoader<MediaKey, unknown, string>;
  /** Links this request's wire objects back to their sessions. */
  readonly links: SessionLinker;
}

/** What one request's loaders share: its counters, its cancellation and its budget. */
export interface LoaderOptions {
  readonly stats: RequestStats;
  readonly signal?: AbortSignal;
  readonly maxSessions: number;
  readonly maxMedia: number;
  /** GATEWAY_CACHE_TTL_SECONDS > 0: reads past these loaders go through the cache shared by every request. */
  readonly cache?: SessionCache;
}

/**
 * Builds a request's loaders; nothing is shared between requests but the upstream client and, when
 * on, the session cache under the loaders (so one request still sees one body per session).
 */
export function createLoaders(client: YotiClient, options: LoaderOptions): Loaders {
  const links = new SessionLinker();
  const { stats, signal } = options;
  const source = options.cache ? options.cache.reader((kind) => (kind === "session" ? (stats.sessionsFromCache += 1) : (stats.mediaFromCache += 1))) : client;
  return {
    sessions: createSessionLoader(source, links, { stats, signal, maxSessions: options.maxSessions }),
    jsonMedia: createJsonMediaLoader(source, { stats, signal, maxMedia: options.maxMedia }),
    links,
    // Not through the session cache: configuration and devices are read fresh; supported documents have their own cache in the client.
    ...createReadApiLoaders(client, { stats, signal, maxReads: options.maxSessions }),
  };
}
