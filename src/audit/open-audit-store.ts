import type { AuditConfig } from "../config/audit-config.js";
import { SqlAuditStore, type SqlAuditStoreOptions } from "./sql-audit-store.js";
import { openPgClient } from "./sql/pg-client.js";
import { openPGliteClient } from "./sql/pglite-client.js";
import type { SqlClient } from "./sql/sql-client.js";

/** The SQL client the config names: a pool on its server URL, or PGlite in its folder (created when missing). */
export async function openAuditSqlClient(config: Pick<AuditConfig, "databaseUrl" | "dir">, onConnectionError?: (error: Error) => void): Promise<SqlClient> {
  return config.databaseUrl !== undefined ? openPgClient(config.databaseUrl, { onConnectionError }) : openPGliteClient(config.dir);
}

/** Opens the audit store the config names and applies its migrations; rejects with AuditUnavailableError when it cannot. */
export async function openAuditStore(config: Pick<AuditConfig, "databaseUrl" | "dir">, options?: SqlAuditStoreOptions): Promise<SqlAuditStore> {
  let store: SqlAuditStore | undefined;
  // A lost idle connection marks the store down at once rather than at the next append.
  const client = await openAuditSqlClient(config, () => store?.markDown());
  store = await SqlAuditStore.open(client, options);
  return store;
}
