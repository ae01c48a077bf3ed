import type { Loaders } from "./loaders.js";
import type { RequestStats } from "./request-stats.js";
import { SessionLinker } from "./session-linker.js";
import { createSessionLoader } from "./session-loader.js";
import { refusedReadApiLoaders } from "./read-api-loaders.js";
import type DataLoader from "dataloader";
import type { SessionSource } from "../upstream/session-client.js";
import type { WireSession } from "../upstream/wire/index.js";
import type { MediaKey } from "./media-loader.js";

/** One read of a session, shared by every subscriber of it on this replica. */
export interface SharedRead {
  readonly sessionId: string;
  /** The body, when the read succeeded. */
  readonly session?: WireSession;
  /** JSON media of this body, fetched once however many subscribers select document values. */
  readonly jsonMedia: DataLoader<MediaKey, unknown, string>;
}

/**
 * One subscriber's loaders for one event: its own linker (so edges like Check.resources resolve)
 * over the body fetched once for every subscriber, and the event's shared JSON media loader. The
 * session loader is primed with that body and allowed no other session.
 */
export function eventLoaders(client: SessionSource, read: SharedRead, stats: RequestStats): Loaders {
  const links = new SessionLinker();
  const sessions = createSessionLoader(client, links, { stats, maxSessions: 0 });
  if (read.session) sessions.prime(read.sessionId, links.register(read.session, read.sessionId));
  return { sessions, jsonMedia: read.jsonMedia, links, ...refusedReadApiLoaders() };
}
