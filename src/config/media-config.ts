import { randomBytes } from "node:crypto";
import { ConfigError } from "./config-error.js";
import { nonEmpty, type Env } from "./env-schema.js";
import { parsePublicUrl } from "./url-vars.js";

/** Capability URLs for media (GATEWAY_PUBLIC_URL, GATEWAY_MEDIA_*): `<img src>` cannot send an Authorization header. */
export interface MediaUrlConfig {
  /** Base for media URLs; undefined (development only) means each request's own origin. */
  readonly publicUrl?: string;
  /** HMAC key for media URL tokens. */
  readonly secret: Buffer;
  /** True when no GATEWAY_MEDIA_SECRET was set: URLs then die with the process. */
  readonly secretGenerated: boolean;
  readonly ttlSeconds: number;
}

/** Reads the media section; production needs a public URL and a secret shared by every replica. */
export function loadMediaConfig(e: Env, production: boolean): MediaUrlConfig {
  const secret = nonEmpty(e.GATEWAY_MEDIA_SECRET);
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError("GATEWAY_MEDIA_SECRET", "must be at least 32 characters; generate one with `openssl rand -base64 48`");
  }
  // A secret made up at start signs links no other replica (and no later process) accepts.
  if (production && secret === undefined) {
    throw new ConfigError("GATEWAY_MEDIA_SECRET", "is required with NODE_ENV=production: the same value on every replica, so media links work on any of them and survive a restart; generate one with `openssl rand -base64 48`");
  }
  const publicUrl = parsePublicUrl(nonEmpty(e.GATEWAY_PUBLIC_URL));
  // In production the Host header is the caller's to choose: media links must not be built from it.
  if (production && publicUrl === undefined) {
    throw new ConfigError("GATEWAY_PUBLIC_URL", "is required with NODE_ENV=production: the public origin browsers reach the gateway on, e.g. https://idv-graph.example.com");
  }
  return Object.freeze({
    publicUrl,
    secret: secret === undefined ? randomBytes(32) : Buffer.from(secret),
    secretGenerated: secret === undefined,
    ttlSeconds: e.GATEWAY_MEDIA_URL_TTL_SECONDS,
  });
}
