import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { GraphQLSchema } from "graphql";
import type { Server } from "node:http";
import type { LimitsConfig } from "../config/security-config.js";
import type { GatewayContext } from "../loaders/context.js";
import { formatGatewayError } from "./format-error.js";

/** How the Apollo server is exposed. */
export interface ApolloOptions {
  /** Sandbox landing page, introspection and field suggestions on. */
  readonly introspection: boolean;
  readonly limits: LimitsConfig;
  readonly httpServer: Server;
  readonly plugins: ApolloServerPlugin<GatewayContext>[];
}

/** The Apollo server: query limits (graphql-armor), Sandbox in development, coded errors, drained on stop. */
export function createApolloServer(schema: GraphQLSchema, options: ApolloOptions): ApolloServer<GatewayContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: options.limits.maxDepth, exposeLimits: true },
    maxAliases: { n: options.limits.maxAliases, exposeLimits: true },
    costLimit: { maxCost: options.limits.maxCost, exposeLimits: true },
    // Armor's token plugin re-parses inside a plugin hook, where a syntax error becomes a 500;
    // graphql's own parser enforces the same limit as a 400 (parseOptions below).
    maxTokens: { enabled: false },
    maxDirectives: { n: 50, exposeLimits: true },
    // Field suggestions ("Did you mean ...") reveal the schema when introspection is off.
    blockFieldSuggestion: { enabled: !options.introspection },
  });
  const protection = armor.protect();
  return new ApolloServer<GatewayContext>({
    schema,
    introspection: options.introspection,
    // Stack traces name files and lines: noise for frontend teams, a map for attackers.
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !options.introspection,
    csrfPrevention: true,
    parseOptions: { maxTokens: options.limits.maxTokens },
    allowBatchedHttpRequests: false,
    formatError: formatGatewayError,
    validationRules: protection.validationRules,
    plugins: [
      // graphql-armor types its plugins against Apollo's CommonJS build; the objects are the same.
      ...(protection.plugins as unknown as ApolloServerPlugin<GatewayContext>[]),
      ...options.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer }),
      // The default cache-control plugin wraps every field resolver (willResolveField) to compute
      // HTTP cache hints; session data is never cacheable, so it is pure cost.
      ApolloServerPluginCacheControlDisabled(),
      options.introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: { initialState: { pollForSchemaUpdates: false } }, footer: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}
