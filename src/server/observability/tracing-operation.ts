import type { ApolloServerPlugin } from "@apollo/server";
import { createContextKey, SpanKind, SpanStatusCode, trace, type Context, type ContextManager, type Span, type Tracer } from "@opentelemetry/api";
import { upstreamGets } from "../../loaders/request-stats.js";
import type { GatewayContext } from "../graphql/operation-context.js";
import {
  ATTR_GRAPHQL_ERROR_CODES,
  ATTR_GRAPHQL_OPERATION_NAME,
  ATTR_GRAPHQL_OPERATION_TYPE,
  ATTR_MEDIA_GETS,
  ATTR_MEDIA_LOADS,
  ATTR_SESSION_GETS,
  ATTR_SESSION_LOADS,
} from "./tracing-attributes.js";

/**
 * Where a GraphQL request's operation span lives once Apollo has started it. Apollo's plugins cannot
 * change the active context of the execution they observe, so the route makes a context holding an
 * empty slot active around the execution; the plugin fills it, and whatever runs inside (resolvers,
 * loaders, upstream attempts) finds the operation span there.
 */
interface OperationSlot {
  span?: Span;
}

const SLOT = createContextKey("idv-graph GraphQL operation");

/** Runs one GraphQL execution with an operation slot active; ends the operation span, if one was started, when it is over. */
export function operationScope(contexts: ContextManager) {
  return async <T>(run: () => Promise<T>): Promise<T> => {
    const slot: OperationSlot = {};
    try {
      return await contexts.with(contexts.active().setValue(SLOT, slot), run);
    } finally {
      slot.span?.end();
    }
  };
}

/** The context to parent a span on: the operation span when one is open in `context`, else `context` itself. */
export function withOperationSpan(context: Context): Context {
  const span = (context.getValue(SLOT) as OperationSlot | undefined)?.span;
  return span ? trace.setSpan(context, span) : context;
}

/**
 * Apollo plugin: a span per GraphQL operation, under the HTTP request's span, named like
 * `query SessionState` with the operation's type and name as attributes. Never the document, never
 * the variables. Error codes and upstream counts are added when the response is ready.
 */
export function operationSpanPlugin(tracer: Tracer, contexts: ContextManager): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const active = contexts.active();
      const slot = active.getValue(SLOT) as OperationSlot | undefined;
      // Outside the HTTP route (Apollo's executeOperation) there is no slot, and no span.
      if (!slot || slot.span) return;
      // Named as the semantic conventions name an operation whose type is not known yet (e.g. a parse error).
      const span = tracer.startSpan("GraphQL Operation", { kind: SpanKind.INTERNAL }, active);
      slot.span = span;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          const type = operation.operation;
          // Operation names are client-chosen; GraphQL restricts them to [_A-Za-z0-9], we bound the length.
          const name = operationName ? operationName.slice(0, 64) : undefined;
          span.updateName(name ? `${type} ${name}` : type);
          span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, type);
          if (name) span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, name);
        },
        async willSendResponse({ contextValue, response }) {
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          if (errors?.length) {
            const codes = [...new Set(errors.map((e) => String(e.extensions?.code ?? "UNKNOWN")))];
            span.setAttribute(ATTR_GRAPHQL_ERROR_CODES, codes);
            span.setStatus({ code: SpanStatusCode.ERROR, message: codes[0] });
          }
          // The context is missing when building it failed (e.g. the caller was not authenticated).
          const stats = contextValue?.stats;
          if (stats) {
            const gets = upstreamGets(stats);
            span.setAttributes({
              [ATTR_SESSION_GETS]: gets.sessions,
              [ATTR_MEDIA_GETS]: gets.media,
              [ATTR_SESSION_LOADS]: stats.sessionLoads,
              [ATTR_MEDIA_LOADS]: stats.mediaLoads,
            });
          }
        },
      };
    },
  };
}
