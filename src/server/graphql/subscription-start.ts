import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestListener } from "@apollo/server";
import { getVariableValues } from "graphql";
import { refusal } from "../../errors/coded-error.js";
import { ErrorCode } from "../../errors/error-codes.js";
import type { GatewayContext, SocketOperationContext } from "./operation-context.js";

/**
 * Where Apollo hands a graphql-ws subscribe back to its transport. A subscribe goes through the
 * same Apollo pipeline as an HTTP request (parse and validate with the same rules and cache, the
 * transport rule, the request budget, the log and trace plugins, the same error formatting); once
 * all of that has passed, this plugin coerces its variables as Apollo's execution would (a bad one is
 * refused the same way: BAD_USER_INPUT, which format-error.ts words as over HTTP), keeps the resolved
 * operation in the context's slot, and ends Apollo's part without executing it: the transport runs
 * it as a stream (event-execution.ts).
 */
export function subscriptionStartPlugin(): ApolloServerPlugin<GatewayContext> {
  // One listener for every subscribe (its hooks read all they need from the request's context), none
  // for HTTP requests: Apollo then has no hook of ours to call for them.
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ operation, request, schema }) {
      if (!operation) return;
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
      if (coerced.errors) throw refusal(ErrorCode.BAD_USER_INPUT, coerced.errors[0]!.message);
    },
    async responseForOperation({ contextValue, document, request }) {
      (contextValue as SocketOperationContext).slot.prepared = { document, operationName: request.operationName, variables: request.variables };
      return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: {} } };
    },
  };
  return {
    async requestDidStart({ contextValue }) {
      return contextValue.transport === "websocket" ? listener : undefined;
    },
  };
}
