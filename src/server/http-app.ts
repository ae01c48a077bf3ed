import { expressMiddleware } from "@as-integrations/express5";
import type { ApolloServer } from "@apollo/server";
import cors from "cors";
import express, { type Express, type Request } from "express";
import { GraphQLError } from "graphql";
import type { Logger } from "pino";
import type { MediaUrlConfig } from "../config/config.js";
import type { LimitsConfig } from "../config/security-config.js";
import { createLoaders, createRequestStats, type GatewayContext } from "../loaders/context.js";
import { ErrorCode, messageFor } from "../upstream/error-codes.js";
import type { YotiClient } from "../upstream/yoti-client.js";
import type { Authenticator } from "./auth/authenticate.js";
import { httpErrorHandler } from "./http-errors.js";
import { MEDIA_ROUTE, mediaRoute } from "./media-route.js";
import { createMediaTokens } from "./media-token.js";
import type { GatewayMetrics } from "./observability/metrics.js";
import { requestLogMiddleware, type RequestLocals } from "./observability/request-log.js";

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

/** The HTTP routes: GraphQL (and Sandbox) at `/`, media bytes, metrics, liveness and readiness probes. */
export function createHttpApp(apollo: ApolloServer<GatewayContext>, options: HttpAppOptions): Express {
  const { client, media, limits, authenticate, logger, metrics } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  const tokens = createMediaTokens(media.secret, media.ttlSeconds);
  // Without a configured public URL, media URLs use the origin the caller reached us on.
  const baseUrl = (req: Request) => media.publicUrl ?? `${req.protocol}://${req.get("host") ?? "localhost"}`;

  app.use(requestLogMiddleware(logger, metrics));
  app.get("/health/live", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/health/ready", (_req, res) => {
    if (options.isReady()) res.json({ status: "ready" });
    else res.status(503).json({ status: "draining" });
  });
  app.get("/metrics", async (_req, res) => {
    res.set("content-type", metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get(MEDIA_ROUTE, mediaRoute(tokens, client));
  app.use(
    "/",
    // No origins listed: no CORS headers, so browsers only allow same-origin calls (Sandbox is same-origin).
    cors({ origin: limits.corsOrigins.length > 0 ? [...limits.corsOrigins] : false, credentials: false, maxAge: 600 }),
    express.json({ limit: limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      // A fresh context per request: its DataLoader caches live exactly as long as the request.
      context: async ({ req, res }): Promise<GatewayContext> => {
        const locals = res.locals.idvGraph as RequestLocals;
        let caller;
        try {
          caller = await authenticate(req.get("authorization"));
        } catch {
          throw new GraphQLError(messageFor(ErrorCode.UNAUTHENTICATED), {
            extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401, headers: new Map([["www-authenticate", "Bearer"]]) } },
          });
        }
        const stats = createRequestStats();
        const base = baseUrl(req);
        const requestLog = {};
        locals.graphql = requestLog;
        return {
          requestId: locals.requestId,
          caller,
          stats,
          requestLog,
          loaders: createLoaders(client, stats),
          mediaUrls: { urlFor: (sessionId, mediaId) => `${base}/media/${tokens.sign({ sessionId, mediaId })}` },
        };
      },
    }),
  );
  app.use(httpErrorHandler());
  return app;
}
