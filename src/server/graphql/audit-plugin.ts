import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import type { GraphQLFormattedError, OperationDefinitionNode } from "graphql";
import { auditAnswer } from "./audit-step.js";
import type { AuditOptions } from "./operation-access.js";
import type { GatewayContext } from "./operation-context.js";

/** True when the operation is a federation `_entities` fetch (the router's way in): its events say so. */
function isEntitiesFetch(operation: OperationDefinitionNode | undefined): boolean {
  return operation?.selectionSet.selections.some((s) => s.kind === "Field" && s.name.value === "_entities") ?? false;
}

/**
 * The audit step of HTTP operations, as an Apollo plugin: before an answer is serialized, its
 * personal data's events are made durable (one per session); when the store cannot take them,
 * the personal values are nulled with AUDIT_UNAVAILABLE at their paths. Subscription events pass
 * the same step in event-execution.ts.
 */
export function auditPlugin(audit: AuditOptions): ApolloServerPlugin<GatewayContext> {
  const listener: GraphQLRequestListener<GatewayContext> = {
    async willSendResponse({ contextValue, operation, operationName, response }) {
      if (contextValue.transport !== "http" || response.body.kind !== "single") return;
      const result = response.body.singleResult;
      const transport = isEntitiesFetch(operation) ? "entities" : "http";
      const added = await auditAnswer(audit, contextValue.access, operationName ?? null, result as { data?: Record<string, unknown> | null }, (message, path, code): GraphQLFormattedError => ({ message, path: [...path], extensions: { code } }), transport);
      if (added.length === 0) return;
      result.errors = [...(result.errors ?? []), ...added];
      contextValue.locals.graphql?.codes.push(...new Set(added.map((e) => String(e.extensions!.code))));
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
