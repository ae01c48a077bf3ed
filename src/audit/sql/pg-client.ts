import pg from "pg";
import type { SqlClient, SqlSession } from "./sql-client.js";

/** How the pool behaves; defaults suit the gateway (a few connections, quick failure when the server is gone). */
export interface PgClientOptions {
  readonly max?: number;
  /** Called when an idle connection fails (the server went away): the store marks itself unavailable. */
  readonly onConnectionError?: (error: Error) => void;
}

function session(db: pg.Pool | pg.PoolClient): SqlSession {
  return {
    async query<R>(text: string, params: readonly unknown[] = []) {
      return (await db.query(text, [...params])).rows as R[];
    },
    async exec(text: string) {
      // No parameters: the simple query protocol, which runs several statements.
      await db.query(text);
    },
  };
}

/** A `pg` pool on `url` (a PostgreSQL server every replica shares). */
export function openPgClient(url: string, options: PgClientOptions = {}): SqlClient {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 4,
    connectionTimeoutMillis: 5_000,
    // A server that stops answering must fail the append (and readiness), not hang it.
    query_timeout: 15_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener an idle connection's error (server restart) would crash the process.
  pool.on("error", (error) => options.onConnectionError?.(error));
  return {
    kind: "postgres",
    ...session(pool),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A checked-out connection that the server cuts between queries emits "error": unheard, that would crash the process.
      const onError = (error: Error) => {
        broken = error;
        options.onConnectionError?.(error);
      };
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        const result = await fn(session(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        // A connection that cannot even roll back is dead: it is dropped, not handed out again.
        await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.off("error", onError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
