import { parse } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { buildGatewaySchema } from "../../src/schema/build-schema.js";
import { priceOperation } from "../../src/server/graphql/price-request.js";

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
});
