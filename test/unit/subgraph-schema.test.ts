import { isInterfaceType, isObjectType, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { buildGatewaySchema } from "../../src/schema/build-schema.js";
import { buildGatewaySubgraphSchema } from "../../src/schema/build-subgraph-schema.js";

let plain: GraphQLSchema;
let subgraph: GraphQLSchema;
beforeAll(async () => {
  plain = await buildGatewaySchema();
  subgraph = await buildGatewaySubgraphSchema();
});

const objectType = (schema: GraphQLSchema, name: string) => {
  const type = schema.getType(name);
  if (!isObjectType(type)) throw new Error(`${name} is not an object type`);
  return type;
};

describe("the federation subgraph schema", () => {
  it("has every type and field of the plain schema, plus the federation entry points", () => {
    for (const type of Object.values(plain.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      const twin = subgraph.getType(type.name);
      expect(twin?.constructor.name, type.name).toBe(type.constructor.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        const fields = Object.keys((twin as typeof type).getFields()).filter((f) => f !== "_entities" && f !== "_service");
        expect(fields.sort(), type.name).toEqual(Object.keys(type.getFields()).sort());
      }
    }
    expect(Object.keys(objectType(subgraph, "Query").getFields())).toEqual(expect.arrayContaining(["session", "sessions", "_entities", "_service"]));
  });

  it("keeps the schema tuning: synchronous resolveType and direct reads of plain wire fields", () => {
    // type-graphql's own resolveType is async, and its field resolvers need a full resolver context.
    const check = subgraph.getType("Check");
    if (!isInterfaceType(check)) throw new Error("Check is not an interface");
    expect(check.resolveType!({ type: "LIVENESS" }, {}, undefined as never, check)).toBe("LivenessCheck");
    const state = objectType(subgraph, "Session").getFields()["state"]!;
    expect(state.resolve!({ state: "COMPLETED" }, {}, undefined, undefined as never)).toBe("COMPLETED");
    const type = objectType(subgraph, "IdDocument").getFields()["documentType"]!;
    expect(type.resolve!({ document_type: "PASSPORT" }, {}, undefined, undefined as never)).toBe("PASSPORT");
  });

  it("makes Session the one entity, keyed by id, answered by the gateway's own _entities (never Apollo's, which writes onto results)", () => {
    const session = objectType(subgraph, "Session");
    expect(session.astNode?.directives?.map((d) => d.name.value)).toEqual(["key"]);
    const entity = subgraph.getType("_Entity");
    expect(entity && "getTypes" in entity ? entity.getTypes().map((t) => t.name) : []).toEqual(["Session"]);
    expect(entity && "resolveType" in entity ? entity.resolveType?.({}, {}, undefined as never, undefined as never) : undefined).toBe("Session");
    expect(objectType(subgraph, "Query").getFields()["_entities"]!.resolve).toBeTypeOf("function");
  });
});
