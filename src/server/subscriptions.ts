import { GraphQLError, getOperationAST, type GraphQLFormattedError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import type { LiveConfig } from "../config/live-config.js";
import type { LimitsConfig } from "../config/security-config.js";
import { topicLabel } from "../live/notification.js";
import { SNAPSHOT_TOPIC } from "../live/session-event.js";
import type { Caller } from "../schema/context.js";
import { ErrorCode, Explain, messageFor } from "../upstream/error-codes.js";
import { refusalError, type TrustedDocuments } from "./trusted-documents.js";
import type { Authenticator } from "./auth/authenticate.js";
import type { Drain } from "./drain.js";
import { formatGatewayError, UNPARSABLE_MESSAGE } from "./format-error.js";
import { subscribeWithEventContexts, subscriptionContext, type SubscriptionContextOptions } from "./live-execution.js";
import type { GatewayMetrics } from "./observability/metrics.js";
import { queryProtection, withoutSuggestions } from "./query-protection.js";
import { checkRequestBudget } from "./request-budget.js";
import { GRAPHQL_PATHS, originAllowed, pathOf, refuseUpgrade } from "./ws-upgrade.js";

/** How often the server pings each connection; one that does not answer by the next ping is dropped. */
export const KEEP_ALIVE_MS = 12_000;
/** On shutdown, how long clients get to acknowledge the close before their sockets are cut. */
const CLOSE_WAIT_MS = 2_000;

/** What the WebSocket transport needs. */
export interface SubscriptionServerOptions extends SubscriptionContextOptions {
  readonly schema: GraphQLSchema;
  readonly limits: LimitsConfig;
  readonly liveLimits: Pick<LiveConfig, "maxConnections" | "maxSubscriptionsPerConnection">;
  readonly authenticate: Authenticator;
  readonly introspection: boolean;
  readonly publicUrl?: string;
  readonly drain: Drain;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly keepAliveMs?: number;
  /** When set, only trusted documents run here too (GATEWAY_TRUSTED_DOCUMENTS_FILE). */
  readonly trustedDocuments?: TrustedDocuments;
}

/** The graphql-ws endpoint, sharing the HTTP server's port and GraphQL paths. */
export interface SubscriptionServer {
  /** The HTTP server's `upgrade` listener. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every connection with 1001 (Going Away): graphql-ws clients reconnect, elsewhere, and resubscribe. */
  close(): Promise<void>;
}

type Extra = {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  caller?: Caller;
};

function coded(code: ErrorCode, message = messageFor(code)): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** An error of parse or validation, with the code Apollo gives the same error over HTTP. */
function requestError(error: GraphQLError, code: string, introspection: boolean): GraphQLError {
  const message = introspection ? error.message : withoutSuggestions(error.message);
  return new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code: error.extensions.code ?? code } });
}

/** The HTTP path's masking (format-error.ts), and without the HTTP status hint Apollo would strip. */
function formatForSocket(error: GraphQLError): GraphQLFormattedError {
  const formatted = formatGatewayError(error.toJSON(), error);
  // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent, formatted errors always carry extensions, and removing an absent key changes nothing
  if (formatted.extensions?.http === undefined) return formatted;
  const { http: _status, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

/**
 * Subscriptions over the graphql-ws protocol. The HTTP path's protections apply here too, from
 * the same code: the Authenticator (connectionParams.authorization, else the upgrade's
 * Authorization header), graphql's token limit, graphql-armor's rules, the request budget and the
 * error masking. Only subscriptions are served: queries and mutations belong on HTTP, where the
 * request log, metrics and CSRF rules see them.
 */
export function createSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { schema, limits, liveLimits, drain, logger, metrics, introspection } = options;
  const rules = [...specifiedRules, ...queryProtection(limits, introspection).validationRules];
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxBodyBytes });
  const contextOptions: SubscriptionContextOptions = {
    ...options,
    onEvent: (event) => metrics.liveEvent(event.topic === SNAPSHOT_TOPIC ? SNAPSHOT_TOPIC : event.topic === "session_update" ? event.topic : topicLabel(event.topic)),
  };
  const mask = (errors: readonly GraphQLError[]) => errors.map(formatForSocket);

  useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema,
      // Close reasons never carry an internal error's message.
      // Stryker disable next-line BooleanLiteral: equivalent while no handler here throws: the flag only words graphql-ws's close after an internal error
      isProd: true,
      subscribe: subscribeWithEventContexts,
      onConnect: async (ctx) => {
        const given = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization ?? ctx.extra.request.headers.authorization;
        try {
          ctx.extra.caller = await options.authenticate(typeof given === "string" ? given : undefined);
        } catch {
          // graphql-ws closes with 4403 Forbidden.
          return false;
        }
        return true;
      },
      onSubscribe: (ctx, _id, payload) => {
        if (drain.phase !== "serving") return [coded(ErrorCode.SHUTTING_DOWN)];
        // graphql-ws has already reserved this subscription's slot.
        if (Object.keys(ctx.subscriptions).length > liveLimits.maxSubscriptionsPerConnection) {
          return [coded(ErrorCode.BAD_USER_INPUT, Explain.subscriptionsPerConnection(liveLimits.maxSubscriptionsPerConnection))];
        }
        // The same rule as over HTTP: an unlisted document is refused before it is parsed.
        let text = payload.query;
        if (options.trustedDocuments) {
          const admitted = options.trustedDocuments.resolve({ query: payload.query, extensions: payload.extensions, documentId: (payload as { documentId?: unknown }).documentId });
          if (!admitted.ok) return [refusalError(admitted)];
          text = admitted.query;
        }
        let document: DocumentNode;
        try {
          document = parse(text, { maxTokens: limits.maxTokens });
        } catch (error) {
          // Stryker disable next-line ArrayDeclaration,ConditionalExpression: defence in depth, graphql's parse throws only GraphQLErrors
          return [error instanceof GraphQLError ? requestError(error, "GRAPHQL_PARSE_FAILED", introspection) : coded(ErrorCode.BAD_USER_INPUT, UNPARSABLE_MESSAGE)];
        }
        const invalid = validate(schema, document, rules);
        if (invalid.length > 0) return invalid.map((e) => requestError(e, "GRAPHQL_VALIDATION_FAILED", introspection));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [coded(ErrorCode.BAD_USER_INPUT, Explain.unidentifiedOperation)];
        if (operation.operation !== "subscription") {
          return [coded(ErrorCode.BAD_USER_INPUT, Explain.onlySubscriptionsOverWebSocket)];
        }
        const refused = checkRequestBudget(limits, { schema, document, variables: payload.variables, operationName: payload.operationName });
        if (refused) return [refused];
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: subscriptionContext(contextOptions, ctx.extra.caller!, ctx.extra.request),
        };
      },
      // Stryker disable next-line ArrowFunction: defence in depth, every error this schema raises is coded (upstream-data tests); masking catches a future bug's message
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: mask(result.errors) } : undefined),
      onError: (_ctx, _id, _payload, errors) => mask(errors),
    },
    wss,
    options.keepAliveMs ?? KEEP_ALIVE_MS,
  );

  wss.on("connection", (socket) => {
    metrics.wsConnections(wss.clients.size);
    socket.once("close", () => metrics.wsConnections(wss.clients.size));
  });

  return {
    handleUpgrade(req, socket, head) {
      socket.on("error", () => socket.destroy());
      if (!GRAPHQL_PATHS.has(pathOf(req.url))) return refuseUpgrade(socket, ErrorCode.NOT_FOUND, Explain.noWebSocketRoute);
      if (drain.phase !== "serving") return refuseUpgrade(socket, ErrorCode.SHUTTING_DOWN, messageFor(ErrorCode.SHUTTING_DOWN));
      if (!originAllowed(req, limits.corsOrigins, options.publicUrl)) return refuseUpgrade(socket, ErrorCode.FORBIDDEN, Explain.webSocketOrigin);
      if (wss.clients.size >= liveLimits.maxConnections) {
        logger.warn({ connections: wss.clients.size }, "WebSocket connection limit reached (GATEWAY_MAX_WS_CONNECTIONS)");
        return refuseUpgrade(socket, ErrorCode.AT_CAPACITY, Explain.webSocketCapacity);
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
    },
    async close() {
      for (const client of wss.clients) client.close(1001, "Going away");
      const deadline = Date.now() + CLOSE_WAIT_MS;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
