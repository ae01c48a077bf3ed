import { lexicographicSortSchema, printSchema } from "graphql";
import { buildGatewaySchema } from "./build-schema.js";

/** The SDL of the gateway's schema, sorted so diffs stay small. */
export async function printGatewaySchema(): Promise<string> {
  const schema = await buildGatewaySchema();
  return `# Emitted from src/schema by \`npm run schema\`; do not edit by hand.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
