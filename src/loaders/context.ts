import type DataLoader from "dataloader";
import type { SessionSource } from "../upstream/session-client.js";
import type { WireSession } from "../upstream/wire/index.js";
import { createSessionLoader } from "./session-loader.js";

/** The per-request loaders every resolver reaches through its context. */
export interface Loaders {
  readonly sessions: DataLoader<string, WireSession>;
}

/** The GraphQL context: built fresh for every HTTP request. */
export interface GatewayContext {
  readonly loaders: Loaders;
}

/** Builds a request's loaders; nothing is shared between requests but the upstream client. */
export function createLoaders(source: SessionSource): Loaders {
  return { sessions: createSessionLoader(source) };
}
