import { expressMiddleware } from "@as-integrations/express5";
import type { ApolloServer } from "@apollo/server";
import express, { type Express, type Request } from "express";
import type { MediaUrlConfig } from "../config/config.js";
import { createLoaders, type GatewayContext } from "../loaders/context.js";
import type { YotiClient } from "../upstream/yoti-client.js";
import { MEDIA_ROUTE, mediaRoute } from "./media-route.js";
import { createMediaTokens } from "./media-token.js";

/** Largest GraphQL request body accepted. */
export const MAX_BODY_BYTES = 100 * 1024;

/** The HTTP routes: GraphQL (and Sandbox) at `/`, media bytes, liveness and readiness probes. */
export function createHttpApp(apollo: ApolloServer<GatewayContext>, client: YotiClient, media: MediaUrlConfig): Express {
  const app = express();
  app.disable("x-powered-by");
  const tokens = createMediaTokens(media.secret, media.ttlSeconds);
  // Without a configured public URL, media URLs use the origin the caller reached us on.
  const baseUrl = (req: Request) => media.publicUrl ?? `${req.protocol}://${req.get("host") ?? "localhost"}`;

  app.get("/health/live", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/health/ready", (_req, res) => {
    res.json({ status: "ready" });
  });
  app.get(MEDIA_ROUTE, mediaRoute(tokens, client));
  app.use(
    "/",
    express.json({ limit: MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      // A fresh context per request: its DataLoader caches live exactly as long as the request.
      context: async ({ req }): Promise<GatewayContext> => {
        const base = baseUrl(req);
        return {
          loaders: createLoaders(client),
          mediaUrls: { urlFor: (sessionId, mediaId) => `${base}/media/${tokens.sign({ sessionId, mediaId })}` },
        };
      },
    }),
  );
  return app;
}
