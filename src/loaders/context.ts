import type DataLoader from "dataloader";
import type { YotiClient } from "../upstream/yoti-client.js";
import type { WireSession } from "../upstream/wire/index.js";
import { createJsonMediaLoader, type MediaKey } from "./media-loader.js";
import { createSessionLoader } from "./session-loader.js";

/** The per-request loaders every resolver reaches through its context. */
export interface Loaders {
  readonly sessions: DataLoader<string, WireSession>;
  readonly jsonMedia: DataLoader<MediaKey, unknown, string>;
}

/** Mints the URL a browser can load a media from (implemented by the server, which also serves it). */
export interface MediaUrls {
  urlFor(sessionId: string, mediaId: string): string;
}

/** The GraphQL context: built fresh for every HTTP request. */
export interface GatewayContext {
  readonly loaders: Loaders;
  readonly mediaUrls: MediaUrls;
}

/** Builds a request's loaders; nothing is shared between requests but the upstream client. */
export function createLoaders(client: YotiClient): Loaders {
  return { sessions: createSessionLoader(client), jsonMedia: createJsonMediaLoader(client) };
}
