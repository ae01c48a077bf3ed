// Writes schema.graphql (the contract for frontend teams) and schema.subgraph.graphql (the Apollo
// Federation 2 subgraph SDL, for routers) from the type-graphql classes, and the personal-data
// table (docs/personal-data.md, and docs/audit.md's masking table between its markers) from the @Personal declarations.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { printGatewaySchema, printGatewaySubgraphSchema } from "../src/schema/print-schema.js";
import { personalDataDoc, personalDataTable, withTable } from "../src/schema/personal-data-table.js";

writeFileSync(new URL("../schema.graphql", import.meta.url), await printGatewaySchema());
writeFileSync(new URL("../schema.subgraph.graphql", import.meta.url), await printGatewaySubgraphSchema());
mkdirSync(new URL("../docs/", import.meta.url), { recursive: true });
writeFileSync(new URL("../docs/personal-data.md", import.meta.url), await personalDataDoc());
const audit = new URL("../docs/audit.md", import.meta.url);
writeFileSync(audit, withTable(readFileSync(audit, "utf8"), await personalDataTable()));
console.log("schema.graphql, schema.subgraph.graphql, docs/personal-data.md and docs/audit.md's masking table written");
