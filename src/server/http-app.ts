import { expressMiddleware } from "@as-integrations/express5";
import type { ApolloServer } from "@apollo/server";
import express, { type Express } from "express";
import { createLoaders, type GatewayContext } from "../loaders/context.js";
import type { SessionSource } from "../upstream/session-client.js";

/** Largest GraphQL request body accepted. */
export const MAX_BODY_BYTES = 100 * 1024;

/** The HTTP routes: GraphQL (and Sandbox) at `/`, liveness and readiness probes. */
export function createHttpApp(apollo: ApolloServer<GatewayContext>, source: SessionSource): Express {
  const app = express();
  app.disable("x-powered-by");
  app.get("/health/live", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/health/ready", (_req, res) => {
    res.json({ status: "ready" });
  });
  app.use(
    "/",
    express.json({ limit: MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      // A fresh context per request: its DataLoader caches live exactly as long as the request.
      context: async (): Promise<GatewayContext> => ({ loaders: createLoaders(source) }),
    }),
  );
  return app;
}
