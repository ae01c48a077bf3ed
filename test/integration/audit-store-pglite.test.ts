import { auditStoreSuite } from "../support/audit-store-suite.js";
import { tempDir } from "../support/temp-files.js";
import { openAuditSqlClient } from "../../src/audit/open-audit-store.js";
import { SqlAuditStore } from "../../src/audit/sql-audit-store.js";

const dir = tempDir("idv-audit-pglite-");

auditStoreSuite({
  name: "PGlite",
  async open() {
    const client = await openAuditSqlClient({ dir });
    // A small stream page, so streaming is seen to page through.
    return { store: await SqlAuditStore.open(client, { streamPage: 7, retentionSlice: 4 }), plain: client };
  },
  async release() {},
  openAgain: () => openAuditSqlClient({ dir }),
});
