import { MIGRATION_LOCK } from "./advisory-locks.js";
import { MIGRATIONS } from "./migrations/all-migrations.js";
import type { Migration } from "./migrations/migration.js";
import type { SqlClient } from "./sql/sql-client.js";

/**
 * Applies the migrations this database lacks, in one transaction under an advisory lock, and
 * returns the versions applied. Replicas starting at once queue on the lock; the later ones find
 * every version recorded and apply nothing. DDL is transactional in PostgreSQL, so a failed
 * migration leaves no half-made schema.
 */
export async function migrate(client: SqlClient, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return client.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.exec(
      "CREATE TABLE IF NOT EXISTS audit_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const rows = await tx.query<{ version: number }>("SELECT version FROM audit_schema_migrations");
    const done = new Set(rows.map((row) => row.version));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO audit_schema_migrations (version, name) VALUES ($1, $2)", [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}
