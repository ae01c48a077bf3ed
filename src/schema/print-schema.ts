import { graphql, lexicographicSortSchema, printSchema } from "graphql";
import { buildGatewaySchema } from "./build-schema.js";
import { buildGatewaySubgraphSchema } from "./build-subgraph-schema.js";

/** The SDL of the gateway's schema, sorted so diffs stay small. */
export async function printGatewaySchema(): Promise<string> {
  const schema = await buildGatewaySchema();
  return `# Emitted from src/schema by \`npm run schema\`; do not edit by hand.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** The subgraph SDL exactly as `_service { sdl }` serves it with GATEWAY_FEDERATION=true: what a router composes. */
export async function printGatewaySubgraphSchema(): Promise<string> {
  const result = await graphql({ schema: await buildGatewaySubgraphSchema(), source: "{ _service { sdl } }" });
  const sdl = (result.data?.["_service"] as { sdl?: unknown } | undefined)?.sdl;
  if (typeof sdl !== "string") throw new Error("the subgraph schema served no _service.sdl");
  return `# Emitted from src/schema by \`npm run schema\`; do not edit by hand.\n# The Apollo Federation 2 subgraph (GATEWAY_FEDERATION=true), as \`_service { sdl }\` serves it.\n\n${sdl}\n`;
}
