import { ConfigError } from "./config-error.js";
import { nonEmpty, type Env } from "./env-schema.js";

/** The audit trail of personal-data reads (PostgreSQL, or PGlite in-process when no server is named). */
export interface AuditConfig {
  /** False only when GATEWAY_AUDIT=off said so (a warning at start; production needs it said). */
  readonly enabled: boolean;
  /** A PostgreSQL server every replica writes to (GATEWAY_AUDIT_DATABASE_URL); unset, PGlite in `dir`. */
  readonly databaseUrl?: string;
  /** PGlite's folder when no server is named (GATEWAY_AUDIT_DIR, default ./data/audit). */
  readonly dir: string;
  /** GATEWAY_AUDIT_REQUIRE_PURPOSE=true: no stated purpose, no personal data (PURPOSE_REQUIRED). */
  readonly requirePurpose: boolean;
  /** Events older than this many days are removed, behind a checkpoint that keeps the chain verifiable. */
  readonly retentionDays: number;
}

/** The default PGlite folder, relative to the working directory. */
export const DEFAULT_AUDIT_DIR = "./data/audit";

/**
 * Reads the audit section. Production needs a store every replica shares (a server URL), or a
 * PGlite folder named on purpose (one replica), or GATEWAY_AUDIT=off said out loud.
 */
export function loadAuditConfig(e: Env, production: boolean): AuditConfig {
  const enabled = e.GATEWAY_AUDIT !== "off";
  const databaseUrl = nonEmpty(e.GATEWAY_AUDIT_DATABASE_URL);
  const dir = nonEmpty(e.GATEWAY_AUDIT_DIR);
  if (databaseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(databaseUrl);
    } catch {
      throw new ConfigError("GATEWAY_AUDIT_DATABASE_URL", "is not a URL; expected postgres://user:password@host:5432/database");
    }
    if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
      throw new ConfigError("GATEWAY_AUDIT_DATABASE_URL", "must start with postgres:// or postgresql://");
    }
    if (dir !== undefined) throw new ConfigError("GATEWAY_AUDIT_DIR", "set either GATEWAY_AUDIT_DATABASE_URL (a PostgreSQL server) or GATEWAY_AUDIT_DIR (embedded PGlite), not both");
  }
  if (production && enabled && databaseUrl === undefined && dir === undefined) {
    throw new ConfigError(
      "GATEWAY_AUDIT_DATABASE_URL",
      "NODE_ENV=production needs an audit store every replica shares: set GATEWAY_AUDIT_DATABASE_URL (PostgreSQL), or GATEWAY_AUDIT_DIR for embedded PGlite on a single replica, or GATEWAY_AUDIT=off to run without an audit trail deliberately",
    );
  }
  return Object.freeze({
    enabled,
    databaseUrl,
    dir: dir ?? DEFAULT_AUDIT_DIR,
    requirePurpose: e.GATEWAY_AUDIT_REQUIRE_PURPOSE === "true",
    retentionDays: e.GATEWAY_AUDIT_RETENTION_DAYS,
  });
}
