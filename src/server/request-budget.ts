import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { LimitsConfig } from "../config/security-config.js";
import { ErrorCode, Explain } from "../upstream/error-codes.js";
import type { GatewayContext } from "./context.js";
import { priceOperation, type Price } from "./price-request.js";

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
          let price: Price;
          try {
            price = priceOperation(schema, document, operationName ?? undefined, request.variables);
          } catch {
            // Variables that do not fit the operation: execution would refuse them too, before any resolver runs.
            throw refuse(Explain.invalidVariables);
          }
          const { cost, sessionIds: ids } = price;
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
