import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import type { GatewayContext, SocketOperationContext } from "./operation-context.js";

/**
 * Where Apollo hands a graphql-ws subscribe back to its transport. A subscribe goes through the
 * same Apollo pipeline as an HTTP request (parse and validate with the same rules and cache, the
 * transport rule, the request budget, the log and trace plugins, the same error formatting); once
 * all of that has passed, this plugin keeps the resolved operation in the context's slot and ends
 * Apollo's part without executing it: the transport runs it as a stream (event-execution.ts).
 */
export function subscriptionStartPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ contextValue, document, request }) {
          if (contextValue.transport !== "websocket") return null;
          (contextValue as SocketOperationContext).slot.prepared = { document, operationName: request.operationName, variables: request.variables };
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: {} } };
        },
      };
    },
  };
}
