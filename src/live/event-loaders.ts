import type { Loaders } from "../loaders/loaders.js";
import type { RequestStats } from "../loaders/request-stats.js";
import { SessionLinker } from "../loaders/session-index.js";
import { createSessionLoader } from "../loaders/session-loader.js";
import type { SessionSource } from "../upstream/session-client.js";
import type { SessionEvent } from "./session-event.js";

/**
 * One subscriber's loaders for one event: its own linker (so edges like Check.resources resolve)
 * over the body fetched once for every subscriber, and the event's shared JSON media loader. The
 * session loader is primed with that body and allowed no other session.
 */
export function eventLoaders(client: SessionSource, event: SessionEvent, stats: RequestStats, signal?: AbortSignal): Loaders {
  const links = new SessionLinker();
  const sessions = createSessionLoader(client, links, { stats, signal, maxSessions: 0 });
  const body = event.fetched.session;
  if (body) sessions.prime(event.sessionId, links.register(body, event.sessionId));
  return { sessions, jsonMedia: event.fetched.jsonMedia, links };
}
