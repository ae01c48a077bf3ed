import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { upstreamGets } from "../../loaders/request-stats.js";
import type { UpstreamObserver } from "../../upstream/upstream-observer.js";
import type { GatewayContext } from "../graphql/operation-context.js";
import { newRequestLocals, type RequestLocals } from "../graphql/request-locals.js";
import type { GatewayMetrics } from "./metrics.js";

/** Status logged and counted for a response that never finished: the client closed the request (nginx's 499). */
export const CLIENT_CLOSED = 499;

/** The GraphQL part of a log line: labels, codes and counts, never values. */
function graphqlFields(locals: RequestLocals) {
  const { stats, graphql } = locals;
  if (!graphql) return {};
  const gets = stats && upstreamGets(stats);
  return {
    graphql: {
      ...graphql,
      upstream: { sessionGets: gets?.sessions ?? 0, mediaGets: gets?.media ?? 0 },
      loads: { sessions: stats?.sessionLoads ?? 0, media: stats?.mediaLoads ?? 0 },
    },
  };
}

const msSince = (started: bigint) => Number((process.hrtime.bigint() - started) / 1000n) / 1000;

/** One log line per graphql-ws subscribe, in the same shape as an HTTP request's (its stream's events are counted, not logged). */
export function logSocketOperation(logger: Logger, locals: RequestLocals, started: bigint): void {
  if (!logger.isLevelEnabled("info")) return;
  logger.info({ reqId: locals.requestId, transport: "websocket", route: locals.route, durationMs: msSince(started), ...graphqlFields(locals) }, "subscribe");
}

/** Starts a request's record: a request id (the caller's X-Request-Id if sane), and one log line plus metrics on close. */
export function requestLogger(logger: Logger, metrics: GatewayMetrics) {
  return (req: IncomingMessage, res: ServerResponse, route: string): RequestLocals => {
    const started = process.hrtime.bigint();
    const locals = newRequestLocals(req.headers["x-request-id"], route);
    res.setHeader("x-request-id", locals.requestId);
    // "close" also fires when the client goes away mid-response, which "finish" would miss.
    res.once("close", () => {
      const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED;
      metrics.httpRequest(locals.route, status);
      if (locals.route === "/metrics" || locals.route.startsWith("/health") || !logger.isLevelEnabled("info")) return;
      logger.info({ reqId: locals.requestId, method: req.method, route: locals.route, status, durationMs: msSince(started), ...graphqlFields(locals) }, "request");
    });
    return locals;
  };
}

/** Apollo plugin: records the operation's name, type and error codes into the request's log line, and counts them. */
export function requestLogPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  // One listener for every request: its hook reads all it needs from the request's context.
  const listener: GraphQLRequestListener<GatewayContext> = {
    async willSendResponse({ contextValue, operation, operationName, response }) {
      const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
      const codes = [...new Set((errors ?? []).map((e) => String(e.extensions?.code ?? "UNKNOWN")))];
      // Operation names are client-chosen; GraphQL restricts them to [_A-Za-z0-9], we bound the length.
      contextValue.locals.graphql = { operationName: operationName ? operationName.slice(0, 64) : undefined, operationType: operation?.operation, codes };
      metrics.operation(operation?.operation ?? "invalid", codes[0] ?? "ok");
      const stats = contextValue.stats;
      const gets = upstreamGets(stats);
      metrics.loader("session", stats.sessionLoads, gets.sessions);
      metrics.loader("media", stats.mediaLoads, gets.media);
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}

/** Upstream attempts at debug level (endpoint template, status, attempt, time only); circuit changes once each. */
export function upstreamLogObserver(logger: Logger): UpstreamObserver {
  return {
    onAttempt: (a) => logger.debug({ upstream: a.endpoint, status: a.status, attempt: a.attempt, durationMs: Math.round(a.durationMs) }, "upstream attempt"),
    onRetry: (endpoint) => logger.debug({ upstream: endpoint }, "upstream retry"),
    onCircuit: (state) =>
      state === "open"
        ? logger.warn({ circuit: state }, "upstream keeps failing: failing fast for the cool-down")
        : logger.info({ circuit: state }, state === "closed" ? "upstream recovered" : "upstream probe"),
  };
}
