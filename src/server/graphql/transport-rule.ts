import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import { Kind, type DocumentNode, type GraphQLError } from "graphql";
import { ErrorCode } from "../../errors/error-codes.js";
import { Explain } from "../../errors/explain.js";
import { refusal } from "../../errors/coded-error.js";
import type { GatewayContext } from "./operation-context.js";

/** Apollo's code for a request whose operation cannot be picked out of its document. */
const OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE";

/** The error graphql-js (and so Apollo, over HTTP) gives when no operation of the document is the one to run. */
function unresolvedOperation(document: DocumentNode, operationName: string | undefined): GraphQLError {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  const message =
    operationName !== undefined ? `Unknown operation named "${operationName}".` : operations > 1 ? "Must provide operation name if query contains multiple operations." : "Must provide an operation.";
  return refusal(OPERATION_RESOLUTION_FAILURE, message, 400);
}

/**
 * Which operations each transport carries, decided once the operation is known and before it is
 * priced or run: subscriptions over WebSocket (graphql-ws) only, queries and mutations over HTTP
 * only, where the request log, metrics and CSRF rules see them. An operation that cannot be picked
 * out of its document is refused here too, with the answer Apollo gives it over HTTP.
 */
export function transportRulePlugin(): ApolloServerPlugin<GatewayContext> {
  // One listener for every request: its hook reads all it needs from the request's context.
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ operation, document, request, contextValue }) {
      if (!operation) throw unresolvedOperation(document, request.operationName ?? undefined);
      const subscription = operation.operation === "subscription";
      if (contextValue.transport === "websocket" && !subscription) throw refusal(ErrorCode.BAD_USER_INPUT, Explain.onlySubscriptionsOverWebSocket);
      if (contextValue.transport === "http" && subscription) throw refusal(ErrorCode.BAD_USER_INPUT, Explain.subscriptionsOverWebSocketOnly);
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
