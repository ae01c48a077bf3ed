import type { ApolloServer } from "@apollo/server";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { MediaUrlConfig } from "../config/config.js";
import type { LimitsConfig } from "../config/security-config.js";
import type { GatewayContext } from "../loaders/context.js";
import { ErrorCode } from "../upstream/error-codes.js";
import type { YotiClient } from "../upstream/yoti-client.js";
import type { Authenticator } from "./auth/authenticate.js";
import { graphqlRoute } from "./graphql-route.js";
import { graphqlErrorBody, sendJson } from "./http-errors.js";
import { MEDIA_PREFIX, mediaRoute } from "./media-route.js";
import { createMediaTokens } from "./media-token.js";
import type { GatewayMetrics } from "./observability/metrics.js";
import { requestLogger } from "./observability/request-log.js";

/** Everything the HTTP routes need. */
export interface HttpAppOptions {
  readonly client: YotiClient;
  readonly media: MediaUrlConfig;
  readonly limits: LimitsConfig;
  readonly authenticate: Authenticator;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** False once the process is draining: readiness then fails so load balancers move on. */
  readonly isReady: () => boolean;
}

/**
 * The HTTP routes on plain node:http (a handful of fixed paths need no framework, and each request
 * skips a middleware chain): GraphQL and Sandbox at `/`, media bytes, metrics, liveness and readiness.
 */
export function createHttpApp(apollo: ApolloServer<GatewayContext>, options: HttpAppOptions): RequestListener {
  const { client, media, limits, authenticate, logger, metrics } = options;
  const tokens = createMediaTokens(media.secret, media.ttlSeconds);
  const graphql = graphqlRoute(apollo, { client, media, tokens, limits, authenticate });
  const mediaBytes = mediaRoute(tokens, client);
  const startLog = requestLogger(logger, metrics);

  const readOnly = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method === "GET" || req.method === "HEAD") return true;
    sendJson(res, 405, graphqlErrorBody("Method not allowed", ErrorCode.BAD_USER_INPUT), { allow: "GET, HEAD" });
    return false;
  };

  const route = async (req: IncomingMessage, res: ServerResponse, path: string, search: string): Promise<void> => {
    const locals = startLog(req, res, path);
    if (path === "/") return graphql(req, res, search, locals);
    if (path.startsWith(MEDIA_PREFIX) && path.length > MEDIA_PREFIX.length) {
      if (readOnly(req, res)) await mediaBytes(path.slice(MEDIA_PREFIX.length), res);
      return;
    }
    switch (path) {
      case "/health/live":
        if (readOnly(req, res)) sendJson(res, 200, { status: "ok" });
        return;
      case "/health/ready":
        if (readOnly(req, res)) {
          // Read once: a drain starting between two reads must not give 200 with "draining".
          const ready = options.isReady();
          sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "draining" });
        }
        return;
      case "/metrics":
        if (readOnly(req, res)) {
          const text = await metrics.registry.metrics();
          res.writeHead(200, { "content-type": metrics.registry.contentType, "content-length": Buffer.byteLength(text) });
          res.end(text);
        }
        return;
      default:
        sendJson(res, 404, graphqlErrorBody("No such route: GraphQL is served at /", ErrorCode.NOT_FOUND));
    }
  };

  return (req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    route(req, res, path, q < 0 ? "" : url.slice(q)).catch(() => {
      // Never a stack or an HTML page: a fixed JSON body, or a closed socket once bytes have gone out.
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, graphqlErrorBody("Internal gateway error", ErrorCode.INTERNAL_SERVER_ERROR));
    });
  };
}
