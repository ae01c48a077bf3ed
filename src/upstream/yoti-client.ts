import pLimit from "p-limit";
import type { UpstreamConfig } from "../config/config.js";
import { createSignedGot } from "./http-client.js";
import { mediaClient, type MediaSource } from "./media-client.js";
import type { UpstreamObserver } from "./observer.js";
import { sessionGetter, type SessionSource } from "./session-client.js";

/** Everything the gateway asks of Yoti. */
export interface YotiClient extends SessionSource, MediaSource {}

/** The gateway's upstream client: signed, retried, capped at `maxConcurrency` requests in flight. */
export function createYotiClient(config: UpstreamConfig, observer?: UpstreamObserver): YotiClient {
  const http = createSignedGot(config, observer);
  const limit = pLimit(config.maxConcurrency);
  // Media streams last as long as the browser takes to read them: they get their own cap, so slow
  // downloads can never starve session fetches.
  const streamLimit = pLimit(config.maxConcurrency);
  return { getSession: sessionGetter(http, limit), ...mediaClient(http, limit, streamLimit) };
}
