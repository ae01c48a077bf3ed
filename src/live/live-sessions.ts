import type { Logger } from "pino";
import type { LiveConfig } from "../config/live-config.js";
import type { YotiClient } from "../upstream/yoti-client.js";
import { ChangeBus } from "./bus.js";
import type { LiveObserver } from "./live-observer.js";
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

/** The live layer of one replica: the bus changes arrive on, the feed subscriptions read, the poller. */
export interface LiveSessions {
  readonly bus: ChangeBus;
  readonly feed: SessionFeed;
  /** Reads watched sessions: periodically without webhooks, and all of them after changes may have been missed. */
  readonly poller: SessionPoller;
  /** Ends every subscription, then stops the transport. */
  close(): Promise<void>;
}

/**
 * Wires one direction: sources (the webhook route, the poller, other replicas over Redis) publish
 * to the bus; the bus delivers to the feed; the feed's watches push to subscribers.
 */
export function startLiveSessions(options: LiveSessionsOptions): LiveSessions {
  const { config, observer } = options;
  // With REDIS_URL, changes reach every replica; after a reconnection, what may have missed a change
  // is dropped (resync listeners: the session cache) and watched sessions are read again.
  const redis = config.redisUrl ? new RedisTransport({ url: config.redisUrl, logger: options.logger, observer, onResumed: () => bus.resynced() }) : undefined;
  const bus = new ChangeBus(redis);
  const feed = new SessionFeed(options.client, { maxLifetimeMs: config.maxLifetimeMs, maxMedia: options.maxMedia, observer });
  bus.onDeliver((change) => feed.deliver(change));
  // Webhooks configured: Yoti says when something changed. Otherwise the gateway has to ask.
  const poller = new SessionPoller(options.client, feed, bus, {
    intervalMs: config.webhook ? undefined : config.pollIntervalMs,
    logger: options.logger,
    observer,
    lock: redis ? new RedisPollLock(redis.commands, redis.replicaId) : undefined,
  });
  bus.onResync(() => poller.checkAll("resync"));
  let closing: Promise<void> | undefined;
  return {
    bus,
    feed,
    poller,
    close: () =>
      (closing ??= (async () => {
        poller.close();
        feed.close();
        await bus.close();
      })()),
  };
}
