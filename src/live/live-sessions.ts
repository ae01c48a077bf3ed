import type { Logger } from "pino";
import type { LiveConfig } from "../config/live-config.js";
import type { YotiClient } from "../upstream/yoti-client.js";
import { NotificationBus } from "./bus.js";
import type { LiveObserver } from "./observer.js";
import { SessionPoller } from "./poller.js";
import { RedisPollLock } from "./redis-poll-lock.js";
import { RedisTransport } from "./redis-transport.js";
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
  /** Without a webhook configured: the poller that stands in for notifications. */
  readonly poller?: SessionPoller;
  /** Ends every subscription, then stops the transport. */
  close(): Promise<void>;
}

/** Wires the bus to the feed (every notification delivered here reaches the session's subscribers), and the poller without webhooks. */
export function startLiveSessions(options: LiveSessionsOptions): LiveSessions {
  const { config, observer } = options;
  // With REDIS_URL, notifications reach every replica; after a reconnection, what may have missed a
  // notification is dropped (resync listeners: the session cache) and watched sessions are read again.
  const onResumed = () => {
    bus.resynced();
    feed.refreshAll("resync");
  };
  const redis = config.redisUrl ? new RedisTransport({ url: config.redisUrl, logger: options.logger, observer, onResumed }) : undefined;
  const bus = new NotificationBus(redis);
  const feed = new SessionFeed(options.client, {
    maxLifetimeMs: config.maxLifetimeMs,
    maxMedia: options.maxMedia,
    observer,
    announce: (n) => bus.announce(n),
  });
  bus.onDeliver((n) => feed.deliver(n));
  // Webhooks configured: Yoti says when something changed. Otherwise the gateway has to ask.
  const poller = config.webhook
    ? undefined
    : new SessionPoller(feed, {
        intervalMs: config.pollIntervalMs,
        logger: options.logger,
        lock: redis ? new RedisPollLock(redis.commands, redis.replicaId) : undefined,
      });
  let closing: Promise<void> | undefined;
  return {
    bus,
    feed,
    poller,
    close: () =>
      (closing ??= (async () => {
        poller?.close();
        feed.close();
        await bus.close();
      })()),
  };
}
