import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { Server } from "node:http";
import type { GraphQLSchema } from "graphql";
import type { GatewayContext } from "../loaders/context.js";
import { formatGatewayError } from "./format-error.js";

/** How the Apollo server is exposed. */
export interface ApolloOptions {
  /** Sandbox landing page and introspection on. */
  readonly development: boolean;
  readonly httpServer: Server;
}

/** The Apollo server: Sandbox and introspection in development, coded errors always, drained on stop. */
export function createApolloServer(schema: GraphQLSchema, options: ApolloOptions): ApolloServer<GatewayContext> {
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer }),
    options.development
      ? ApolloServerPluginLandingPageLocalDefault({ embed: { initialState: { pollForSchemaUpdates: false } }, footer: false })
      : ApolloServerPluginLandingPageDisabled(),
  ];
  return new ApolloServer<GatewayContext>({
    schema,
    introspection: options.development,
    // Stack traces name files and lines: noise for frontend teams, a map for attackers.
    includeStacktraceInErrorResponses: false,
    // Field suggestions ("Did you mean ...") reveal the schema when introspection is off.
    hideSchemaDetailsFromClientErrors: !options.development,
    formatError: formatGatewayError,
    plugins,
  });
}
