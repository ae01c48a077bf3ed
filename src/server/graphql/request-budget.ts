import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import type { DocumentNode, GraphQLError, GraphQLSchema } from "graphql";
import { refusal } from "../../errors/coded-error.js";
import type { LimitsConfig } from "../../config/security-config.js";
import { ErrorCode } from "../../errors/error-codes.js";
import { Explain } from "../../errors/explain.js";
import type { GatewayContext } from "./operation-context.js";
import { priceOperation, type Price } from "./price-request.js";

/** The limits a request's plan must fit. */
export type BudgetLimits = Pick<LimitsConfig, "maxCost" | "maxSessionsPerRequest">;

const refuse = (message: string): GraphQLError => refusal(ErrorCode.BAD_USER_INPUT, message);

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
 * GATEWAY_MAX_SESSIONS_PER_REQUEST, and its cost must fit GATEWAY_MAX_COST (price-request.ts: one
 * per field, lists priced as two items, a `sessions(ids:)` selection once per id, a federation
 * `_entities` read once per representation). Returns the BAD_USER_INPUT error naming the limit, or undefined.
 */
export function checkRequestBudget(limits: BudgetLimits, { schema, document, variables, operationName }: PlannedOperation): GraphQLError | undefined {
  let price: Price;
  try {
    price = priceOperation(schema, document, operationName ?? undefined, variables ?? undefined);
  } catch {
    // Variables that do not fit the operation: execution would refuse them too, before any resolver runs.
    return refuse(Explain.invalidVariables);
  }
  if (price.sessionIds.size > limits.maxSessionsPerRequest) return refuse(Explain.sessionBudget(price.sessionIds.size, limits.maxSessionsPerRequest));
  if (price.cost > limits.maxCost) return refuse(Explain.costBudget(price.cost, limits.maxCost));
  return undefined;
}

/** Apollo plugin: checkRequestBudget before execution; over budget, 400 and no upstream call. */
export function requestBudgetPlugin(limits: BudgetLimits): ApolloServerPlugin<GatewayContext> {
  // One listener for every request: its hook reads all it needs from the request's context.
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ document, request, operationName, schema }) {
      const refused = checkRequestBudget(limits, { schema, document, variables: request.variables, operationName });
      if (refused) throw refused;
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
