import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { printGatewaySchema, printGatewaySubgraphSchema } from "../../src/schema/print-schema.js";

describe("schema.graphql", () => {
  it("is what the code emits (run `npm run schema` after changing src/schema)", async () => {
    const committed = readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(await printGatewaySchema());
  });
});

describe("schema.subgraph.graphql", () => {
  it("is what the code emits and `_service { sdl }` serves (run `npm run schema` after changing src/schema)", async () => {
    const committed = readFileSync(new URL("../../schema.subgraph.graphql", import.meta.url), "utf8");
    expect(committed).toBe(await printGatewaySubgraphSchema());
  });
});
