import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, type DocumentNode } from "graphql";
import { ErrorCode, Explain } from "../../upstream/error-codes.js";
import { refusal } from "../../schema/errors.js";
import type { GatewayContext } from "./context.js";

/** Apollo's code for a request whose operation cannot be picked out of its document. */
const OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE";

/** The error graphql-js (and so Apollo, over HTTP) gives when no operation of the document is the one to run. */
function unresolvedOperation(document: DocumentNode, operationName: string | undefined): GraphQLError {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  const message =
    operationName !== undefined ? `Unknown operation named "${operationName}".` : operations > 1 ? "Must provide operation name if query contains multiple operations." : "Must provide an operation.";
  return new GraphQLError(message, { extensions: { code: OPERATION_RESOLUTION_FAILURE, http: { status: 400 } } });
}

/**
 * Which operations each transport carries, decided once the operation is known and before it is
 * priced or run: subscriptions over WebSocket (graphql-ws) only, queries and mutations over HTTP
 * only, where the request log, metrics and CSRF rules see them. An operation that cannot be picked
 * out of its document is refused here too, with the answer Apollo gives it over HTTP.
 */
export function transportRulePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (!operation) throw unresolvedOperation(document, request.operationName ?? undefined);
          const subscription = operation.operation === "subscription";
          if (contextValue.transport === "websocket" && !subscription) throw refusal(ErrorCode.BAD_USER_INPUT, Explain.onlySubscriptionsOverWebSocket);
          if (contextValue.transport === "http" && subscription) throw refusal(ErrorCode.BAD_USER_INPUT, Explain.subscriptionsOverWebSocketOnly);
        },
      };
    },
  };
}
