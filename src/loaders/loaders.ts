import type DataLoader from "dataloader";
import type { YotiClient } from "../upstream/yoti-client.js";
import type { WireSession } from "../upstream/wire/index.js";
import { createJsonMediaLoader, type MediaKey } from "./media-loader.js";
import type { RequestStats } from "./request-stats.js";
import { SessionLinker } from "./session-index.js";
import { createSessionLoader } from "./session-loader.js";

/** The per-request loaders every resolver reaches through its context. */
export interface Loaders {
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
}

/** Builds a request's loaders; nothing is shared between requests but the upstream client. */
export function createLoaders(client: YotiClient, options: LoaderOptions): Loaders {
  const links = new SessionLinker();
  const { stats, signal } = options;
  return {
    sessions: createSessionLoader(client, links, { stats, signal, maxSessions: options.maxSessions }),
    jsonMedia: createJsonMediaLoader(client, { stats, signal, maxMedia: options.maxMedia }),
    links,
  };
}
