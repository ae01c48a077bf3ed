// Writes schema.graphql from the type-graphql classes: the committed contract for frontend teams.
import { writeFileSync } from "node:fs";
import { printGatewaySchema } from "../src/schema/print-schema.js";

writeFileSync(new URL("../schema.graphql", import.meta.url), await printGatewaySchema());
console.log("schema.graphql written");
