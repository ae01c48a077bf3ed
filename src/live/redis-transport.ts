import { randomUUID } from "node:crypto";
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";
import type { BusTransport, ChangeListener } from "./bus.js";
import { changeKey, parseNotification, toWire } from "./notification.js";
import type { SessionChange } from "./session-change.js";
import type { LiveObserver } from "./live-observer.js";

/** The pub/sub channel every replica publishes to and listens on. */
export const NOTIFICATION_CHANNEL = "idv-graph:notifications";

/** Largest message read from the channel: a notification is about 200 bytes. */
const MAX_MESSAGE_BYTES = 4096;
/** Changes kept while Redis is down, to be sent when it is back: ids only (about 200 bytes each), oldest dropped first. */
export const MAX_BACKLOG = 10_000;

/** What connecting to Redis needs. */
export interface RedisTransportOptions {
  /** REDIS_URL; never logged (it may carry a password). */
  readonly url: string;
  readonly logger: Logger;
  readonly observer?: LiveObserver;
  /** Called when the connection comes back after an outage: notifications sent meanwhile were missed. */
  readonly onResumed?: () => void;
}

/** Reconnection backoff: 100 ms doubling to 5 s, jittered so replicas do not reconnect in step. */
function backoff(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt, 6), 5_000) * (0.75 + 0.5 * Math.random());
}

/**
 * Notifications between replicas over Redis pub/sub (ioredis 5), carrying only
 * `{origin, source, session_id, topic, resource_id|task_id|check_id}`: never a body or a personal
 * value. A replica ignores its own messages (it delivered them locally already). Redis down:
 * nothing waits (webhooks still reach local subscribers and queries are unaffected); the changes
 * this replica could not send are kept (ids only, bounded, repeats once) and sent when Redis is back,
 * so a replica that reconnected earlier, and already read its watched sessions again, still hears of
 * them; ioredis reconnects with backoff; one warning per outage.
 */
export class RedisTransport implements BusTransport {
  /** This replica's id in the messages it publishes. */
  readonly replicaId = randomUUID();
  /** Commands (PUBLISH, the poll lock): fail fast while disconnected rather than queue. */
  readonly commands: Redis;
  private readonly subscriber: Redis;
  private up = false;
  private everUp = false;
  private outageLogged = false;
  private closed = false;
  /** Changes not sent yet, by their duplicate key (insertion order is the order they happened in). */
  private readonly backlog = new Map<string, SessionChange>();
  private backlogDropped = 0;

  constructor(private readonly options: RedisTransportOptions) {
    const common: RedisOptions = { retryStrategy: backoff, connectionName: "idv-graph", lazyConnect: true };
    this.commands = new Redis(options.url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    // SUBSCRIBE waits for a connection (and ioredis resubscribes after each reconnect).
    this.subscriber = new Redis(options.url, { ...common, enableOfflineQueue: true, maxRetriesPerRequest: null });
    options.observer?.transport?.(false);
    for (const client of [this.commands, this.subscriber]) {
      // Errors repeat on every reconnect attempt; the state change is logged once, by code only.
      client.on("error", (error: NodeJS.ErrnoException) => this.changed(error.code));
      client.on("ready", () => this.changed());
      client.on("close", () => this.changed());
    }
  }

  /** Connects and subscribes; delivers other replicas' notifications to `receive`. */
  start(receive: ChangeListener): void {
    this.subscriber.on("messageBuffer", (_channel: Buffer, message: Buffer) => {
      const notification = this.read(message);
      if (notification) receive(notification);
    });
    this.subscriber.subscribe(NOTIFICATION_CHANNEL).catch(() => {});
    this.commands.connect().catch(() => {});
    this.subscriber.connect().catch(() => {});
  }

  /** Publishes to the other replicas, or drops it at once while Redis is down. */
  send(notification: SessionChange): void {
    if (this.commands.status !== "ready") return this.keep(notification);
    const message = JSON.stringify({ origin: this.replicaId, source: notification.source, ...toWire(notification) });
    this.commands.publish(NOTIFICATION_CHANNEL, message).catch(() => this.keep(notification));
  }

  /** Keeps a change that could not be sent, for when Redis is back; the oldest go first beyond MAX_BACKLOG. */
  private keep(change: SessionChange): void {
    if (this.closed) return;
    const key = changeKey(change);
    this.backlog.delete(key);
    this.backlog.set(key, change);
    if (this.backlog.size <= MAX_BACKLOG) return;
    this.backlog.delete(this.backlog.keys().next().value!);
    this.backlogDropped += 1;
  }

  /** Sends what was kept during the outage, in order; what fails again is kept again. */
  private flush(): void {
    const kept = [...this.backlog.values()];
    this.backlog.clear();
    if (this.backlogDropped > 0) {
      // The other replicas' resync reads every watched session again, so even these are not lost for good.
      this.options.logger.warn({ dropped: this.backlogDropped }, "more changes than the backlog holds happened while Redis was down: the oldest were not sent");
      this.backlogDropped = 0;
    }
    for (const change of kept) this.send(change);
  }

  /** Disconnects both connections at once (nothing queued is worth waiting for at shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    this.commands.disconnect();
    this.subscriber.disconnect();
  }

  private read(message: Buffer): SessionChange | undefined {
    if (message.length > MAX_MESSAGE_BYTES) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.toString("utf8"));
    } catch {
      return undefined;
    }
    const raw = parsed as { origin?: unknown; source?: unknown } | null;
    if (typeof raw !== "object" || raw === null || raw.origin === this.replicaId) return undefined;
    const source = raw.source === "poll" ? "poll" : "webhook";
    const notification = parseNotification(parsed, source);
    return "invalid" in notification ? undefined : notification;
  }

  private changed(errorCode?: string): void {
    if (this.closed) return;
    const up = this.commands.status === "ready" && this.subscriber.status === "ready";
    if (up === this.up) {
      if (!up && !this.outageLogged && errorCode !== undefined) this.lost(errorCode);
      return;
    }
    this.up = up;
    this.options.observer?.transport?.(up);
    if (!up) return this.lost(errorCode);
    const resumed = this.everUp;
    this.everUp = true;
    if (this.outageLogged || resumed) this.options.logger.info("Redis connection restored: notifications reach every replica again");
    this.outageLogged = false;
    // What this replica could not send goes out now; whatever others published during the outage
    // never reached this replica: it reads its watched sessions again.
    this.flush();
    if (resumed) this.options.onResumed?.();
  }

  private lost(errorCode: string | undefined): void {
    if (this.outageLogged) return;
    this.outageLogged = true;
    this.options.logger.warn(
      { redis: errorCode ?? "disconnected" },
      this.everUp
        ? "Redis connection lost: notifications reach only this replica's subscribers until it is back; reconnecting with backoff"
        : "Redis not reachable: notifications stay on this replica until it is; retrying with backoff",
    );
  }
}
