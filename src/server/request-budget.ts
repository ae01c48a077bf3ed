import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, getNullableType, isListType } from "graphql";
import { createRequire } from "node:module";
import type * as QueryComplexity from "graphql-query-complexity";
import type { LimitsConfig } from "../config/security-config.js";
import { ErrorCode, Explain } from "../upstream/error-codes.js";
import type { GatewayContext } from "./context.js";

// The package's ESM build imports graphql's .mjs files, a second copy of graphql beside the CommonJS one
// the schema is built with ("another module or realm"); its CommonJS build shares graphql with everyone.
const { getComplexity, simpleEstimator } = createRequire(import.meta.url)("graphql-query-complexity") as typeof QueryComplexity;
type ComplexityEstimator = QueryComplexity.ComplexityEstimator;

/** The root fields that read sessions, and the argument holding their ids. */
const SESSION_ROOTS: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  session: "id",
  sessions: "ids",
  sessionUpdated: "id",
});

/** Federation's entity root (a subgraph schema only): `_entities(representations:)`. */
const ENTITIES = "_entities";

/**
 * Prices a federation `_entities` read like `sessions(ids:)`: each representation is answered in
 * full, so it costs its selection once; the Session ids among them count as distinct sessions.
 */
function priceEntities(representations: unknown, childComplexity: number, ids: Set<string>): number {
  const list = Array.isArray(representations) ? representations : [representations];
  for (const r of list) {
    const { __typename, id } = (r ?? {}) as { __typename?: unknown; id?: unknown };
    if (__typename === "Session" && typeof id === "string") ids.add(id.toLowerCase());
  }
  return list.length * (1 + childComplexity);
}

/**
 * Lists inside a session (checks, resources, tasks, frames) have upstream-given lengths; each is
 * priced as two items, so that edge cycles (checks -> resources -> tasks -> checks ...) multiply
 * their price as they multiply their answer.
 */
const LIST_FACTOR = 2;

const listsByFactor: ComplexityEstimator = ({ field, childComplexity }) =>
  isListType(getNullableType(field.type)) ? 1 + LIST_FACTOR * childComplexity : undefined;

function refuse(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
}

/**
 * Apollo plugin: the request's plan, priced before anything runs. The distinct sessions it names
 * (through aliases, fragments and variables) must fit GATEWAY_MAX_SESSIONS_PER_REQUEST, and its cost
 * must fit GATEWAY_MAX_COST: one per field, lists priced as two items, and a `sessions(ids:)`
 * selection counted once per id, duplicates included, since each is answered in full (a federation
 * `_entities` read once per representation). Over budget:
 * 400 BAD_USER_INPUT naming the limit, and no upstream call.
 */
export function requestBudgetPlugin(limits: Pick<LimitsConfig, "maxCost" | "maxSessionsPerRequest">): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName, schema }) {
          const ids = new Set<string>();
          const sessionReads: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
            const root = type === schema.getQueryType() || type === schema.getSubscriptionType();
            if (root && field.name === ENTITIES) return priceEntities(args["representations"], childComplexity, ids);
            const argument = root ? SESSION_ROOTS[field.name] : undefined;
            if (argument === undefined) return undefined;
            const value: unknown = args[argument];
            const list = Array.isArray(value) ? value : [value];
            for (const id of list) if (typeof id === "string") ids.add(id.toLowerCase());
            return list.length * (1 + childComplexity);
          };
          let cost: number;
          try {
            cost = getComplexity({ schema, query: document, variables: request.variables, operationName: operationName ?? undefined, estimators: [sessionReads, listsByFactor, simpleEstimator({ defaultComplexity: 1 })] });
          } catch (error) {
            // Variables that do not fit the operation: execution would refuse them too, before any resolver runs.
            throw refuse(Explain.invalidVariables);
          }
          if (ids.size > limits.maxSessionsPerRequest) {
            throw refuse(Explain.sessionBudget(ids.size, limits.maxSessionsPerRequest));
          }
          if (cost > limits.maxCost) {
            throw refuse(Explain.costBudget(cost, limits.maxCost));
          }
        },
      };
    },
  };
}
