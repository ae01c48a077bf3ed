import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
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

// Folders open in this process: two PGlite instances on one folder would corrupt it.
const openDirs = new Set<string>();

/** Opens (creating when new) the PGlite database in `dir`; one per folder and process, opened once (the first open of a folder takes seconds). */
export async function openPGliteClient(dir: string): Promise<SqlClient> {
  const key = resolve(dir);
  if (openDirs.has(key)) throw new Error("this PGlite folder is already open in this process");
  mkdirSync(key, { recursive: true });
  openDirs.add(key);
  let db: PGlite;
  try {
    db = await PGlite.create(key);
  } catch (error) {
    openDirs.delete(key);
    throw error;
  }
  return {
    kind: "pglite",
    ...session(db),
    transaction: (fn) => db.transaction((tx) => fn(session(tx))),
    async close() {
      try {
        await db.close();
      } finally {
        openDirs.delete(key);
      }
    },
  };
}
