import { parse } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { buildGatewaySchema } from "../../src/schema/build-schema.js";
import { isListType, isObjectType, getNullableType } from "graphql";
import { LIST_FACTORS, priceOperation } from "../../src/server/graphql/price-request.js";

let schema: Awaited<ReturnType<typeof buildGatewaySchema>>;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

const A = "9a7dbbfd-7190-486c-9066-91d372e4c6e2";
const B = "e8c2f2da-552a-4f48-a8fb-ac2e6765bb57";

describe("pricing an operation", () => {
  it("a document priced again with other variables costs exactly what a fresh pricing says", () => {
    const text = `query Q($ids: [ID!]!, $one: ID!) {
      many: sessions(ids: $ids) { id checks { type } }
      one: session(id: $one) { id }
      lit: sessions(ids: ["${A.toUpperCase()}", "${B}"]) { state }
    }`;
    const cached = parse(text);
    const first = priceOperation(schema, cached, "Q", { ids: [A], one: B });
    for (const variables of [{ ids: [A, A, A, B], one: A }, { ids: [], one: B }, { ids: Array.from({ length: 50 }, () => B), one: A }]) {
      const again = priceOperation(schema, cached, "Q", variables);
      const fresh = priceOperation(schema, parse(text), "Q", variables);
      expect(again).toEqual(fresh);
    }
    expect(first.sessionIds).toEqual(new Set([A, B]));
    // sessions(ids:) once per id: 4 ids cost 3 more selections than 1.
    const one = priceOperation(schema, cached, "Q", { ids: [A], one: A }).cost;
    const four = priceOperation(schema, cached, "Q", { ids: [A, A, A, B], one: A }).cost;
    expect(four - one).toBe(3 * (1 + 1 + (1 + 2 * 1)));
  });

  it("@skip and @include with variables are priced afresh each time", () => {
    const doc = parse(`query S($skip: Boolean!, $ids: [ID!]!) { sessions(ids: $ids) { id checks @skip(if: $skip) { type state } } }`);
    const withChecks = priceOperation(schema, doc, "S", { skip: false, ids: [A, B] }).cost;
    const without = priceOperation(schema, doc, "S", { skip: true, ids: [A, B] }).cost;
    expect(withChecks).toBeGreaterThan(without);
    expect(priceOperation(schema, doc, "S", { skip: false, ids: [A, B] }).cost).toBe(withChecks);
  });

  it("fragments and aliases count every occurrence; invalid variables throw", () => {
    const doc = parse(`query F($id: ID!) { ...R ...R other: session(id: "${B}") { id } } fragment R on Query { session(id: $id) { id } }`);
    const price = priceOperation(schema, doc, "F", { id: A });
    expect(price.sessionIds).toEqual(new Set([A, B]));
    expect(priceOperation(schema, doc, "F", { id: B })).toEqual(priceOperation(schema, parse(`query F($id: ID!) { ...R ...R other: session(id: "${B}") { id } } fragment R on Query { session(id: $id) { id } }`), "F", { id: B }));
    expect(() => priceOperation(schema, parse("query V($id: ID!) { session(id: $id) { id } }"), "V", { id: { not: "an id" } })).toThrow();
  });

  it("every list priced by its own length is a list field of the schema", () => {
    for (const key of LIST_FACTORS.keys()) {
      const [typeName, fieldName] = key.split(".") as [string, string];
      const type = schema.getType(typeName);
      expect(isObjectType(type), key).toBe(true);
      const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
      expect(field && isListType(getNullableType(field.type)), key).toBe(true);
    }
  });

  it("prices the read API's long lists by their real length, its short ones as two items", () => {
    const price = (text: string) => priceOperation(schema, parse(text), undefined, {}).cost;
    // supportedDocuments 1 + countries (1 + 200 x (code 1 + documents (1 + 5 x type 1)))
    expect(price("{ supportedDocuments { supportedCountries { code supportedDocuments { type } } } }")).toBe(1 + 1 + 200 * (1 + 1 + 5 * 1));
    // session (1 + id 1 + devices (1 + 10 x event 1) + configuration (1 + requestedChecks (1 + 2 x 0)))
    expect(price(`{ session(id: "${A}") { id trackedDevices { event } configuration { requestedChecks } } }`)).toBe(1 + 1 + (1 + 10 * 1) + (1 + 1));
    // The configuration's own lists of a required ID document are two items each: resources 2 x (allowedSources 1 + 2 x 1).
    expect(price(`{ session(id: "${A}") { configuration { capture { requiredResources { allowedSources { type } } } } } }`)).toBe(1 + 1 + 1 + 1 + 2 * (1 + 2 * 1));
  });
});
