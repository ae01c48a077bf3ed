import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import type { LiveConfig } from "../../config/live-config.js";
import type { LimitsConfig } from "../../config/security-config.js";
import type { SessionUpdates } from "../../live/session-feed.js";
import type { Caller } from "../../schema/resolver-context.js";
import { codedError } from "../../errors/coded-error.js";
import { ErrorCode, messageFor } from "../../errors/error-codes.js";
import { Explain } from "../../errors/explain.js";
import type { Drain } from "../drain.js";
import { credentialExpiredError } from "../graphql/authenticate.js";
import { subscribeWithEventContexts } from "../graphql/event-execution.js";
import { formatOutsideApollo } from "../graphql/format-error.js";
import type { GraphqlPipeline } from "../graphql/pipeline.js";
import type { GatewayMetrics } from "../observability/metrics.js";
import { newRequestLocals } from "../graphql/request-locals.js";
import { logSocketOperation } from "../observability/request-log.js";
import { ConnectionBudget } from "./connection-budget.js";
import { onExpiry } from "./expiry-timer.js";
import { RefusalLog } from "./refusal-log.js";
import { GRAPHQL_PATHS, originAllowed, pathOf, refuseUpgrade } from "./upgrade.js";

/** How often the server pings each connection; one that does not answer by the next ping is dropped. */
export const KEEP_ALIVE_MS = 12_000;
/** On shutdown, how long clients get to acknowledge the close before their sockets are cut. */
const CLOSE_WAIT_MS = 2_000;
/** How long a connection whose credential expired waits for its streams' last errors to go out before it closes. */
const EXPIRY_FLUSH_MS = 1_000;
/** Close code for a refused credential (graphql-ws's Unauthorized), and for capacity that filled while a socket authenticated. */
const UNAUTHORIZED = CloseCode.Unauthorized;
const TRY_AGAIN_LATER = 1013;

/** What the WebSocket transport needs. */
export interface SubscriptionServerOptions {
  readonly pipeline: GraphqlPipeline;
  /** Where subscriptions read their events. */
  readonly feed: SessionUpdates;
  readonly limits: LimitsConfig;
  readonly liveLimits: Pick<LiveConfig, "maxConnections" | "maxSubscriptionsPerConnection" | "maxPendingConnections" | "maxPendingPerAddress" | "initTimeoutMs">;
  readonly publicUrl?: string;
  readonly drain: Drain;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly keepAliveMs?: number;
}

/** The graphql-ws endpoint, sharing the HTTP server's port and GraphQL paths. */
export interface SubscriptionServer {
  /** The HTTP server's `upgrade` listener. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every connection with 1001 (Going Away): graphql-ws clients reconnect, elsewhere, and resubscribe. */
  close(): Promise<void>;
}

/** One connection's state: its credential (authenticated again for every subscribe) and what ends its streams. */
type Extra = {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  credential?: string;
  caller?: Caller;
  /** Aborted (reason: the coded error) when the credential expires or the connection closes; made at connection_init. */
  revoked?: AbortController;
  /** Cancels the wait for the credential's expiry. */
  cancelExpiry?: () => void;
};

/** A GraphQL error that goes out exactly as the pipeline formatted it (graphql-ws wants GraphQLError instances). */
class FormattedError extends GraphQLError {
  constructor(readonly formatted: GraphQLFormattedError) {
    super(formatted.message, { extensions: formatted.extensions });
  }
  override toJSON(): GraphQLFormattedError {
    return this.formatted;
  }
}

/** What a client sees of an `error` message: the pipeline's own formatting, or the same masking for what ended a stream. */
function formattedEnd(error: GraphQLError): GraphQLFormattedError {
  if (error instanceof FormattedError) return error.formatted;
  // graphql-ws wraps what a stream throws in a GraphQLError of its own message: the coded original speaks instead.
  return formatOutsideApollo(error.originalError instanceof GraphQLError ? error.originalError : error);
}

/** The credential a connection presents: connectionParams.authorization (either case), else the upgrade's Authorization header. */
function credentialOf(connectionParams: Readonly<Record<string, unknown>> | undefined, request: IncomingMessage): string | undefined {
  const given = connectionParams?.authorization ?? connectionParams?.Authorization ?? request.headers.authorization;
  return typeof given === "string" ? given : undefined;
}

/**
 * Subscriptions over the graphql-ws protocol: a transport that adapts each subscribe to the
 * GraphQL pipeline (pipeline.ts) and streams what it hands back. The credential is authenticated
 * at connection_init and again for every subscribe; when it expires, running subscriptions end
 * with UNAUTHENTICATED and the connection closes with 4401. Sockets that have not authenticated
 * have their own small budget (connection-budget.ts). Only subscriptions are served: queries and
 * mutations belong on HTTP (the pipeline's transport rule).
 */
export function createSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { pipeline, limits, liveLimits, drain, logger, metrics } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxBodyBytes });
  const budget = new ConnectionBudget<WebSocket>({
    maxConnections: liveLimits.maxConnections,
    maxPending: liveLimits.maxPendingConnections,
    maxPendingPerAddress: liveLimits.maxPendingPerAddress,
  });
  const refusals = new RefusalLog(logger);
  const counted = () => metrics.wsConnections(budget.connections, budget.waiting);

  /** Ends every stream of a connection whose credential expired, lets their errors go out, then closes it with 4401. */
  const expire = (extra: Extra, subscriptions: () => number) => {
    extra.revoked?.abort(credentialExpiredError());
    const deadline = Date.now() + EXPIRY_FLUSH_MS;
    const closeWhenFlushed = () => {
      if (subscriptions() > 0 && Date.now() < deadline) return void setTimeout(closeWhenFlushed, 10);
      extra.socket.close(UNAUTHORIZED, Explain.credentialExpired);
    };
    closeWhenFlushed();
  };

  useServer<Record<string, unknown> | undefined, Extra>(
    {
      // Close reasons never carry an internal error's message.
      isProd: true,
      connectionInitWaitTimeout: liveLimits.initTimeoutMs,
      subscribe: subscribeWithEventContexts,
      onConnect: async (ctx) => {
        const extra = ctx.extra;
        extra.revoked = new AbortController();
        extra.credential = credentialOf(ctx.connectionParams, extra.request);
        try {
          extra.caller = await pipeline.authenticate(extra.credential);
        } catch {
          // 4401 with the message HTTP's 401 carries (graphql-ws's own refusal would be 4403 Forbidden, a different thing).
          extra.socket.close(UNAUTHORIZED, messageFor(ErrorCode.UNAUTHENTICATED));
          return false;
        }
        const admitted = budget.authenticate(extra.socket);
        counted();
        if (!admitted) {
          refusals.refused("capacity");
          metrics.wsRefused("capacity");
          extra.socket.close(TRY_AGAIN_LATER, "At capacity");
          return false;
        }
        const expiresAt = extra.caller.expiresAt;
        if (expiresAt !== undefined) extra.cancelExpiry = onExpiry(expiresAt, () => expire(extra, () => Object.keys(ctx.subscriptions).length));
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        if (drain.phase !== "serving") return [codedError(ErrorCode.SHUTTING_DOWN)];
        // graphql-ws has already reserved this subscription's slot.
        if (Object.keys(ctx.subscriptions).length > liveLimits.maxSubscriptionsPerConnection) {
          return [codedError(ErrorCode.BAD_USER_INPUT, Explain.subscriptionsPerConnection(liveLimits.maxSubscriptionsPerConnection))];
        }
        const extra = ctx.extra;
        const locals = newRequestLocals(undefined, "/graphql");
        const started = process.hrtime.bigint();
        const outcome = await pipeline.subscribe(payload, { request: extra.request, credential: extra.credential, revoked: extra.revoked!.signal, feed: options.feed }, locals);
        logSocketOperation(logger, locals, started);
        if (outcome.ok) return outcome.args;
        // The refusal goes out first (graphql-ws sends it once this returns), then the connection closes.
        if (outcome.unauthenticated) setImmediate(() => expire(extra, () => 0));
        return outcome.errors.map((e) => new FormattedError(e));
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(formatOutsideApollo) } : undefined),
      onError: (_ctx, _id, _payload, errors) => errors.map(formattedEnd),
      onClose: (ctx) => {
        ctx.extra.cancelExpiry?.();
        // Nothing listens once the connection is gone but streams still waiting for their next event.
        ctx.extra.revoked?.abort(codedError(ErrorCode.SHUTTING_DOWN));
      },
    },
    wss,
    options.keepAliveMs ?? KEEP_ALIVE_MS,
  );

  const refuse = (socket: Duplex, reason: "capacity" | "pending" | "pending-per-address") => {
    refusals.refused(reason);
    metrics.wsRefused(reason);
    refuseUpgrade(socket, ErrorCode.AT_CAPACITY, reason === "capacity" ? Explain.webSocketCapacity : Explain.webSocketPending);
  };

  return {
    handleUpgrade(req, socket, head) {
      socket.on("error", () => socket.destroy());
      if (!GRAPHQL_PATHS.has(pathOf(req.url))) return refuseUpgrade(socket, ErrorCode.NOT_FOUND, Explain.noWebSocketRoute);
      if (drain.phase !== "serving") return refuseUpgrade(socket, ErrorCode.SHUTTING_DOWN, messageFor(ErrorCode.SHUTTING_DOWN));
      if (!originAllowed(req, limits.corsOrigins, options.publicUrl)) return refuseUpgrade(socket, ErrorCode.FORBIDDEN, Explain.webSocketOrigin);
      const address = req.socket.remoteAddress ?? "unknown";
      const refusal = budget.refusalFor(address);
      if (refusal) return refuse(socket, refusal);
      wss.handleUpgrade(req, socket, head, (ws) => {
        budget.opened(ws, address);
        counted();
        ws.once("close", () => {
          budget.closed(ws);
          counted();
        });
        wss.emit("connection", ws, req);
      });
    },
    async close() {
      refusals.close();
      for (const client of wss.clients) client.close(1001, "Going away");
      const deadline = Date.now() + CLOSE_WAIT_MS;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
