import { afterAll, beforeAll } from "vitest";
import { auditStoreSuite } from "../support/audit-store-suite.js";
import { startPostgres, type PostgresServer } from "../support/postgres-server.js";
import { openAuditStore } from "../../src/audit/open-audit-store.js";
import { openPgClient } from "../../src/audit/sql/pg-client.js";
import type { SqlClient } from "../../src/audit/sql/sql-client.js";

let server: PostgresServer;
let plain: SqlClient | undefined;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.close();
});

auditStoreSuite({
  name: "PostgreSQL",
  async open() {
    const store = await openAuditStore({ databaseUrl: server.url, dir: "" }, { streamPage: 7, retentionSlice: 4 });
    plain = openPgClient(server.url);
    return { store, plain };
  },
  async release() {
    await plain?.close();
    plain = undefined;
  },
});
