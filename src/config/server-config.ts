import { createHash } from "node:crypto";
import { ConfigError } from "./config-error.js";
import { nonEmpty, type Env } from "./env-schema.js";
import { loadTrustedDocuments, type TrustedDocumentList } from "./trusted-documents-file.js";

/** Who may read /metrics. */
export interface MetricsAccess {
  /** SHA-256 of GATEWAY_METRICS_TOKEN: /metrics then wants `Authorization: Bearer <token>`. */
  readonly tokenSha256?: Buffer;
  /** GATEWAY_METRICS_PUBLIC=true: served without a token, deliberately (production refuses to guess). */
  readonly public: boolean;
}

/** The gateway's server: where it listens, what it serves, how it stops. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  /** Sandbox and introspection on (development, or GATEWAY_INTROSPECTION=true). */
  readonly introspection: boolean;
  /** After SIGTERM, readiness answers 503 this long while the port stays open. */
  readonly shutdownGraceMs: number;
  /** GATEWAY_TRUSTED_DOCUMENTS_FILE: when set, only these documents run (by id or exact text). */
  readonly trustedDocuments?: TrustedDocumentList;
  /** GATEWAY_FEDERATION=true: serve the schema as an Apollo Federation 2 subgraph (`_service`, `_entities`). */
  readonly federation: boolean;
  readonly metrics: MetricsAccess;
}

function shutdownGraceMs(raw: string | undefined, production: boolean): number {
  // Development stops at once on Ctrl-C; production gives load balancers time to see the 503.
  const def = production ? 5_000 : 0;
  const value = nonEmpty(raw);
  if (value === undefined) return def;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 120_000) {
    throw new ConfigError("GATEWAY_SHUTDOWN_GRACE_MS", `must be an integer from 0 to 120000 (default ${def}), got "${raw}"`);
  }
  return n;
}

function trustedDocuments(e: Env, federation: boolean): TrustedDocumentList | undefined {
  const path = nonEmpty(e.GATEWAY_TRUSTED_DOCUMENTS_FILE);
  if (path === undefined) return undefined;
  // A router's fetches to a subgraph are written by its query planner, not shipped by a frontend:
  // no manifest can list them. In a supergraph the list belongs at the router.
  if (federation) {
    throw new ConfigError("GATEWAY_TRUSTED_DOCUMENTS_FILE", "cannot be combined with GATEWAY_FEDERATION=true: a router's subgraph fetches are never in a frontend's manifest; enforce the list at the router (persisted queries safelisting)");
  }
  return loadTrustedDocuments(path);
}

function metricsAccess(e: Env, production: boolean): MetricsAccess {
  const token = nonEmpty(e.GATEWAY_METRICS_TOKEN);
  if (token !== undefined && token.length < 16) {
    throw new ConfigError("GATEWAY_METRICS_TOKEN", "must be at least 16 characters; generate one with `openssl rand -hex 24`");
  }
  const open = e.GATEWAY_METRICS_PUBLIC === "true";
  if (open && token !== undefined) {
    throw new ConfigError("GATEWAY_METRICS_PUBLIC", "cannot be true while GATEWAY_METRICS_TOKEN is set: keep the token, or unset it to serve /metrics openly");
  }
  // Metrics name routes, rates and error codes: production serves them openly only when told to.
  if (production && token === undefined && !open) {
    throw new ConfigError(
      "GATEWAY_METRICS_TOKEN",
      "is required with NODE_ENV=production (generate one with `openssl rand -hex 24`), or set GATEWAY_METRICS_PUBLIC=true when only your scraper can reach the port",
    );
  }
  return Object.freeze({ tokenSha256: token === undefined ? undefined : createHash("sha256").update(token).digest(), public: open });
}

/** Reads the server section. */
export function loadServerConfig(e: Env, production: boolean): ServerConfig {
  const federation = e.GATEWAY_FEDERATION === "true";
  return Object.freeze({
    port: e.PORT,
    host: nonEmpty(e.HOST) ?? "0.0.0.0",
    logLevel: e.LOG_LEVEL ?? "info",
    introspection: !production || e.GATEWAY_INTROSPECTION === "true",
    shutdownGraceMs: shutdownGraceMs(e.GATEWAY_SHUTDOWN_GRACE_MS, production),
    trustedDocuments: trustedDocuments(e, federation),
    federation,
    metrics: metricsAccess(e, production),
  });
}
