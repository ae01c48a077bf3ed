import { ConfigError } from "./config-error.js";
import { nonEmpty, type Env } from "./env-schema.js";

/** How Yoti authenticates its notifications: the `notifications.auth_type` and `auth_token` of a session. */
export interface WebhookAuthConfig {
  /** BASIC: `Authorization: Basic base64(token)`; BEARER: `Authorization: Bearer token`. */
  readonly authType: "BASIC" | "BEARER";
  readonly token: string;
}

/** Live sessions (GATEWAY_LIVE_*, YOTI_WEBHOOK_*, REDIS_URL): notifications in, subscriptions out. */
export interface LiveConfig {
  /** Set: POST /webhooks/yoti accepts notifications. Unset: the route answers 404 and sessions are polled. */
  readonly webhook?: WebhookAuthConfig;
  /** Set: notifications fan out across replicas through Redis pub/sub. Never logged (it may hold a password). */
  readonly redisUrl?: string;
  /** Without a webhook, how often a watched session is fetched (jittered). */
  readonly pollIntervalMs: number;
  /** A subscription ends after this long even if its session never finishes. */
  readonly maxLifetimeMs: number;
  /** WebSocket connections one process accepts. */
  readonly maxConnections: number;
  /** Subscriptions one WebSocket connection may hold at once. */
  readonly maxSubscriptionsPerConnection: number;
  /** WebSocket sockets that have not sent connection_init yet, per process: a budget apart from the connections. */
  readonly maxPendingConnections: number;
  /** The same, per remote address. */
  readonly maxPendingPerAddress: number;
  /** How long a socket may wait before its connection_init, in ms (graphql-ws then closes it with 4408). */
  readonly initTimeoutMs: number;
}

/** Shortest webhook token accepted: it is the only thing standing between the internet and the route. */
const MIN_TOKEN_LENGTH = 16;

function webhookAuth(e: Env): WebhookAuthConfig | undefined {
  const type = nonEmpty(e.YOTI_WEBHOOK_AUTH_TYPE);
  const token = nonEmpty(e.YOTI_WEBHOOK_AUTH_TOKEN);
  if (type === undefined && token === undefined) return undefined;
  if (type === undefined) throw new ConfigError("YOTI_WEBHOOK_AUTH_TYPE", "is required when YOTI_WEBHOOK_AUTH_TOKEN is set: BASIC or BEARER, as given to Yoti in notifications.auth_type");
  const authType = type.toUpperCase();
  if (authType !== "BASIC" && authType !== "BEARER") throw new ConfigError("YOTI_WEBHOOK_AUTH_TYPE", "must be BASIC or BEARER, as given to Yoti in notifications.auth_type");
  if (token === undefined) throw new ConfigError("YOTI_WEBHOOK_AUTH_TOKEN", "is required when YOTI_WEBHOOK_AUTH_TYPE is set: the notifications.auth_token given to Yoti");
  // The message never quotes the token: it is a secret.
  if (token.length < MIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new ConfigError("YOTI_WEBHOOK_AUTH_TOKEN", `must be at least ${MIN_TOKEN_LENGTH} printable ASCII characters without spaces; generate one with \`openssl rand -hex 24\``);
  }
  return Object.freeze({ authType, token });
}

function redisUrl(raw: string | undefined): string | undefined {
  const value = nonEmpty(raw);
  if (value === undefined) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  // The value may carry a password: the message names the rule, never the value.
  if (!url || (url.protocol !== "redis:" && url.protocol !== "rediss:") || url.hostname === "") {
    throw new ConfigError("REDIS_URL", "must be a redis:// or rediss:// URL, e.g. redis://redis.internal:6379/0");
  }
  return value;
}

/** The live-session settings from the environment. */
export function loadLiveConfig(e: Env): LiveConfig {
  return Object.freeze({
    webhook: webhookAuth(e),
    redisUrl: redisUrl(e.REDIS_URL),
    pollIntervalMs: e.GATEWAY_LIVE_POLL_INTERVAL_MS,
    maxLifetimeMs: e.GATEWAY_LIVE_MAX_LIFETIME_MS,
    maxConnections: e.GATEWAY_LIVE_MAX_CONNECTIONS,
    maxSubscriptionsPerConnection: e.GATEWAY_LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    maxPendingConnections: e.GATEWAY_LIVE_MAX_PENDING,
    maxPendingPerAddress: e.GATEWAY_LIVE_MAX_PENDING_PER_ADDRESS,
    initTimeoutMs: e.GATEWAY_LIVE_INIT_TIMEOUT_MS,
  });
}
