import { GraphQLError, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLString, GraphQLBoolean, type GraphQLResolveInfo } from "graphql";
import { GraphQLJSON } from "graphql-scalars";
import { describe, expect, it } from "vitest";
import { DateTimeScalar } from "../../src/schema/date-time.scalar.js";
import { checkedRead, checkedResolver, wireValueCheck } from "../../src/schema/wire-value-check.js";
import { ErrorCode, messageFor } from "../../src/errors/error-codes.js";

const Obj = new GraphQLObjectType({ name: "Obj", fields: { a: { type: GraphQLString } } });

describe("wire value checks, by the field's GraphQL type", () => {
  it.each([
    ["String", GraphQLString, ["x", "", 12, 1.5, true], [{}, [], ["x"]]],
    ["ID", GraphQLID, ["x", 12], [1.5, true, {}, ["x"]]],
    ["Int", GraphQLInt, [0, -3, 2 ** 31 - 1], [1.5, "1", true, 2 ** 31, 2 ** 40, {}, []]],
    ["Float", GraphQLFloat, [0, 1.5, -2], ["1.5", true, {}, []]],
    ["Boolean", GraphQLBoolean, [true, false], ["yes", 1, 0, {}, []]],
    ["object", Obj, [{}, { a: 1 }], ["x", 1, true, [], [{}]]],
    ["[String]", new GraphQLList(GraphQLString), [[], ["a", null, 2]], ["abc", {}, [{}], [["a"]]]],
    ["[String!]", new GraphQLList(new GraphQLNonNull(GraphQLString)), [["a"]], [["a", null], [[]]]],
    ["[Obj!]", new GraphQLList(new GraphQLNonNull(Obj)), [[{}, { a: 1 }]], [[null], ["x"], [[]], {}]],
    ["[DateTime]", new GraphQLList(DateTimeScalar), [["anything", 1]], ["2022-01-01"]],
  ])("%s", (_, type, good, bad) => {
    const check = wireValueCheck(type)!;
    for (const value of good) expect(check(value), JSON.stringify(value)).toBe(true);
    for (const value of bad) expect(check(value), JSON.stringify(value)).toBe(false);
  });

  it("JSON and DateTime need no check here (DateTime's serialize checks its own values)", () => {
    expect(wireValueCheck(GraphQLJSON)).toBeUndefined();
    expect(wireValueCheck(DateTimeScalar)).toBeUndefined();
  });
});

const info = {} as GraphQLResolveInfo;

/** The error a resolver threw (sync) or rejected with (async). */
async function failure(run: () => unknown): Promise<GraphQLError> {
  try {
    await run();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error("expected a failure");
}

describe("checked reads and resolvers", () => {
  const check = wireValueCheck(GraphQLInt);

  it("pass absent, null and well-typed values through", async () => {
    const read = checkedRead("n", check);
    expect(read({ n: 3 }, {}, {}, info)).toBe(3);
    expect(read({ n: null }, {}, {}, info)).toBeNull();
    expect(read({}, {}, {}, info)).toBeUndefined();
    expect(await checkedResolver(async () => 4, check)({}, {}, {}, info)).toBe(4);
  });

  it("refuse a wrong JSON type with UPSTREAM_BAD_RESPONSE and the fixed message, sync or async", async () => {
    for (const run of [
      () => checkedRead("n", check)({ n: "Alice" }, {}, {}, info),
      () => checkedResolver(() => "Alice", check)({}, {}, {}, info),
      () => checkedResolver(async () => "Alice", check)({}, {}, {}, info),
    ]) {
      const error = await failure(run);
      expect(error).toBeInstanceOf(GraphQLError);
      expect(error.extensions.code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
      expect(error.message).toBe(messageFor(ErrorCode.UPSTREAM_BAD_RESPONSE));
    }
  });

  it("keep a resolver's own rejection (e.g. FORBIDDEN) as it is", async () => {
    const forbidden = new GraphQLError("no", { extensions: { code: "FORBIDDEN" } });
    expect(await failure(() => checkedResolver(() => Promise.reject(forbidden), check)({}, {}, {}, info))).toBe(forbidden);
  });
});
