/** What runs SQL: the whole client, or one transaction of it. Same SQL for PGlite and a PostgreSQL server. */
export interface SqlSession {
  /** One statement with `$1`-style parameters; the rows as objects. */
  query<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
}

/** A connection (PGlite) or pool (`pg`) that can also run a function in one transaction. */
export interface SqlClient extends SqlSession {
  readonly kind: "postgres" | "pglite";
  /** Runs `fn` between BEGIN and COMMIT (ROLLBACK when it throws), on one connection. */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** Closes the pool or the database; pending work is the caller's to finish first. */
  close(): Promise<void>;
}
