import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { SqlClient, SqlSession } from "./sql-client.js";

interface PGliteLike {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(text: string): Promise<unknown>;
}

function session(db: PGliteLike): SqlSession {
  return {
    async query<R>(text: string, params: readonly unknown[] = []) {
      return (await db.query<R>(text, [...params])).rows;
    },
    async exec(text: string) {
      await db.exec(text);
    },
  };
}

/** Opens (creating when new) the PGlite database in `dir`; one per folder and process, opened once (the first open of a folder takes seconds). */
export async function openPGliteClient(dir: string): Promise<SqlClient> {
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  return {
    kind: "pglite",
    ...session(db),
    transaction: (fn) => db.transaction((tx) => fn(session(tx))),
    close: () => db.close(),
  };
}
