// Writes schema.graphql (the contract for frontend teams) and schema.subgraph.graphql (the Apollo
// Federation 2 subgraph SDL, for routers) from the type-graphql classes.
import { writeFileSync } from "node:fs";
import { printGatewaySchema, printGatewaySubgraphSchema } from "../src/schema/print-schema.js";

writeFileSync(new URL("../schema.graphql", import.meta.url), await printGatewaySchema());
writeFileSync(new URL("../schema.subgraph.graphql", import.meta.url), await printGatewaySubgraphSchema());
console.log("schema.graphql and schema.subgraph.graphql written");
