import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, getNullableType, isListType, type DocumentNode, type GraphQLSchema } from "graphql";
import { createRequire } from "node:module";
import type * as QueryComplexity from "graphql-query-complexity";
import type { LimitsConfig } from "../config/security-config.js";
import { ErrorCode } from "../upstream/error-codes.js";
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

/**
 * Lists inside a session (checks, resources, tasks, frames) have upstream-given lengths; each is
 * priced as two items, so that edge cycles (checks -> resources -> tasks -> checks ...) multiply
 * their price as they multiply their answer.
 */
const LIST_FACTOR = 2;

const listsByFactor: ComplexityEstimator = ({ field, childComplexity }) =>
  isListType(getNullableType(field.type)) ? 1 + LIST_FACTOR * childComplexity : undefined;

/** The limits a request's plan must fit. */
export type BudgetLimits = Pick<LimitsConfig, "maxCost" | "maxSessionsPerRequest">;

function refuse(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
}

/** What pricing a request needs: the schema and the operation with its variables. */
export interface PlannedOperation {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly variables?: Record<string, unknown> | null;
  readonly operationName?: string | null;
}

/**
 * The request's plan, priced before anything runs (HTTP and WebSocket alike). The distinct
 * sessions it names (through aliases, fragments and variables) must fit
 * GATEWAY_MAX_SESSIONS_PER_REQUEST, and its cost must fit GATEWAY_MAX_COST: one per field, lists
 * priced as two items, and a `sessions(ids:)` selection counted once per id, duplicates included,
 * since each is answered in full. Returns the BAD_USER_INPUT error naming the limit, or undefined.
 */
export function checkRequestBudget(limits: BudgetLimits, { schema, document, variables, operationName }: PlannedOperation): GraphQLError | undefined {
  const ids = new Set<string>();
  const sessionReads: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
    const argument = type === schema.getQueryType() || type === schema.getSubscriptionType() ? SESSION_ROOTS[field.name] : undefined;
    if (argument === undefined) return undefined;
    const value: unknown = args[argument];
    const list = Array.isArray(value) ? value : [value];
    for (const id of list) if (typeof id === "string") ids.add(id.toLowerCase());
    return list.length * (1 + childComplexity);
  };
  let cost: number;
  try {
    cost = getComplexity({ schema, query: document, variables: variables ?? undefined, operationName: operationName ?? undefined, estimators: [sessionReads, listsByFactor, simpleEstimator({ defaultComplexity: 1 })] });
  } catch (error) {
    // Variables that do not fit the operation: execution would refuse them too, before any resolver runs.
    return refuse(error instanceof GraphQLError ? error.message : "Invalid variables");
  }
  if (ids.size > limits.maxSessionsPerRequest) {
    return refuse(`This request reads ${ids.size} distinct sessions; at most ${limits.maxSessionsPerRequest} per request (GATEWAY_MAX_SESSIONS_PER_REQUEST)`);
  }
  if (cost > limits.maxCost) {
    return refuse(`Query cost ${cost} is over the limit of ${limits.maxCost} (GATEWAY_MAX_COST)`);
  }
  return undefined;
}

/** Apollo plugin: checkRequestBudget before execution; over budget, 400 and no upstream call. */
export function requestBudgetPlugin(limits: BudgetLimits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName, schema }) {
          const refused = checkRequestBudget(limits, { schema, document, variables: request.variables, operationName });
          if (refused) throw refused;
        },
      };
    },
  };
}
