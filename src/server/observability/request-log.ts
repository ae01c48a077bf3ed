import type { ApolloServerPlugin } from "@apollo/server";
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { GatewayContext, RequestLogFields } from "../../loaders/context.js";
import type { UpstreamObserver } from "../../upstream/observer.js";
import type { GatewayMetrics } from "./metrics.js";

/** Route templates for logs and metric labels: a media path holds a capability token and must never be logged. */
function routeOf(path: string): string {
  if (path === "/" || path === "") return "/graphql";
  if (path.startsWith("/media/")) return "/media/:token";
  if (path === "/metrics" || path === "/health/live" || path === "/health/ready") return path;
  return "other";
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Per-request state the HTTP layer shares with the GraphQL layer. */
export interface RequestLocals {
  requestId: string;
  graphql?: RequestLogFields;
}

/** Starts a request's record: a request id (the caller's X-Request-Id if sane), and one log line plus metrics on close. */
export function requestLogger(logger: Logger, metrics: GatewayMetrics) {
  return (req: IncomingMessage, res: ServerResponse, path: string): RequestLocals => {
    const started = process.hrtime.bigint();
    const given = req.headers["x-request-id"];
    const locals: RequestLocals = { requestId: typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID() };
    res.setHeader("x-request-id", locals.requestId);
    // "close" also fires when the client goes away mid-response, which "finish" would miss.
    res.once("close", () => {
      const route = routeOf(path);
      metrics.httpRequest(route, res.statusCode);
      if (route === "/metrics" || route.startsWith("/health") || !logger.isLevelEnabled("info")) return;
      logger.info(
        {
          reqId: locals.requestId,
          method: req.method,
          route,
          status: res.statusCode,
          durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          ...(locals.graphql ? { graphql: locals.graphql } : {}),
        },
        "request",
      );
    });
    return locals;
  };
}

/** Apollo plugin: records the operation's name, type, upstream work and error codes into the request's log line. */
export function requestLogPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, operationName, response }) {
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          const codes = [...new Set((errors ?? []).map((e) => String(e.extensions?.code ?? "UNKNOWN")))];
          const stats = contextValue.stats;
          const fields = contextValue.requestLog;
          // Operation names are client-chosen; GraphQL restricts them to [_A-Za-z0-9], we bound the length.
          fields.operationName = operationName ? operationName.slice(0, 64) : undefined;
          fields.operationType = operation?.operation;
          fields.upstream = { sessionGets: stats.sessionFetches, mediaGets: stats.mediaFetches };
          fields.loads = { sessions: stats.sessionLoads, media: stats.mediaLoads };
          fields.codes = codes;
          metrics.operation(operation?.operation ?? "invalid", codes[0] ?? "ok");
          metrics.loader("session", stats.sessionLoads, stats.sessionFetches);
          metrics.loader("media", stats.mediaLoads, stats.mediaFetches);
        },
      };
    },
  };
}

/** Upstream attempts at debug level: endpoint template, status and time only. */
export function upstreamLogObserver(logger: Logger): UpstreamObserver {
  return {
    onAttempt: (a) => logger.debug({ upstream: a.endpoint, status: a.status, durationMs: Math.round(a.durationMs) }, "upstream attempt"),
    onRetry: (endpoint) => logger.debug({ upstream: endpoint }, "upstream retry"),
  };
}

/** Fans upstream events out to several observers. */
export function combineObservers(...observers: UpstreamObserver[]): UpstreamObserver {
  return {
    onAttempt: (a) => observers.forEach((o) => o.onAttempt?.(a)),
    onRetry: (e) => observers.forEach((o) => o.onRetry?.(e)),
  };
}
