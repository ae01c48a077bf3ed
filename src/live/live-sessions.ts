import type { Logger } from "pino";
import type { LiveConfig } from "../config/live-config.js";
import type { YotiClient } from "../upstream/yoti-client.js";
import { NotificationBus } from "./bus.js";
import type { LiveObserver } from "./observer.js";
import { SessionFeed } from "./session-feed.js";

/** What running live sessions needs. */
export interface LiveSessionsOptions {
  readonly client: YotiClient;
  readonly config: LiveConfig;
  /** JSON media one fetched body may cause (GATEWAY_MAX_MEDIA_PER_REQUEST). */
  readonly maxMedia: number;
  readonly logger: Logger;
  readonly observer?: LiveObserver;
}

/** The live layer of one replica: the bus notifications arrive on, and the feed subscriptions read. */
export interface LiveSessions {
  readonly bus: NotificationBus;
  readonly feed: SessionFeed;
  /** Ends every subscription, then stops the transport. */
  close(): Promise<void>;
}

/** Wires the bus to the feed: every notification delivered here reaches the session's subscribers. */
export function startLiveSessions(options: LiveSessionsOptions): LiveSessions {
  const { config, observer } = options;
  const bus = new NotificationBus();
  const feed = new SessionFeed(options.client, {
    maxLifetimeMs: config.maxLifetimeMs,
    maxMedia: options.maxMedia,
    observer,
    announce: (n) => bus.announce(n),
  });
  bus.onDeliver((n) => feed.deliver(n));
  let closing: Promise<void> | undefined;
  return {
    bus,
    feed,
    close: () =>
      (closing ??= (async () => {
        feed.close();
        await bus.close();
      })()),
  };
}
