import type DataLoader from "dataloader";
import type { YotiClient } from "../upstream/yoti-client.js";
import type { WireSession } from "../upstream/wire/index.js";
import { createJsonMediaLoader, type MediaKey } from "./media-loader.js";
import { SessionLinker } from "./session-index.js";
import { createSessionLoader } from "./session-loader.js";

/** The per-request loaders every resolver reaches through its context. */
export interface Loaders {
  readonly sessions: DataLoader<string, WireSession>;
  readonly jsonMedia: DataLoader<MediaKey, unknown, string>;
  /** Links this request's wire objects back to their sessions. */
  readonly links: SessionLinker;
}

/** Mints the URL a browser can load a media from (implemented by the server, which also serves it). */
export interface MediaUrls {
  urlFor(sessionId: string, mediaId: string): string;
}

/** Who is asking, as authentication established it. */
export interface Caller {
  /** API key name or JWT subject; "anonymous" when auth is off. Safe to log. */
  readonly name: string;
  readonly scopes: ReadonlySet<string>;
  /** When set, the only sessions this caller may read (JWT claim `idv_session_ids`), lower-case. */
  readonly sessionIds?: ReadonlySet<string>;
}

/** Per-request counts for the request log and metrics. */
export interface RequestStats {
  sessionLoads: number;
  sessionFetches: number;
  mediaLoads: number;
  mediaFetches: number;
}

/** What the GraphQL layer adds to the request's single log line: labels and counts, never values. */
export interface RequestLogFields {
  operationName?: string;
  operationType?: string;
  upstream?: { sessionGets: number; mediaGets: number };
  loads?: { sessions: number; media: number };
  codes?: string[];
}

/** The GraphQL context: built fresh for every HTTP request. */
export interface GatewayContext {
  readonly requestId: string;
  readonly caller: Caller;
  readonly loaders: Loaders;
  readonly mediaUrls: MediaUrls;
  readonly stats: RequestStats;
  readonly requestLog: RequestLogFields;
}

/** Fresh zeroed request stats. */
export function createRequestStats(): RequestStats {
  return { sessionLoads: 0, sessionFetches: 0, mediaLoads: 0, mediaFetches: 0 };
}

/** Builds a request's loaders; nothing is shared between requests but the upstream client. */
export function createLoaders(client: YotiClient, stats: RequestStats): Loaders {
  const links = new SessionLinker();
  return { sessions: createSessionLoader(client, links, stats), jsonMedia: createJsonMediaLoader(client, stats), links };
}
