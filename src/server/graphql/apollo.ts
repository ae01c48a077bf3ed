import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { LimitsConfig } from "../../config/security-config.js";
import type { GatewayContext } from "./operation-context.js";
import { formatGatewayError } from "./format-error.js";
import { sandboxLandingPage } from "./landing-page.js";
import { queryProtection } from "./query-protection.js";
import { requestBudgetPlugin } from "./request-budget.js";
import { subscriptionStartPlugin } from "./subscription-start.js";
import { transportRulePlugin } from "./transport-rule.js";

/** How the Apollo server is exposed. */
export interface ApolloOptions {
  /** Sandbox landing page, introspection and field suggestions on. */
  readonly introspection: boolean;
  readonly limits: LimitsConfig;
  readonly plugins: ApolloServerPlugin<GatewayContext>[];
  /**
   * Apollo's automatic persisted queries (APQ). Off while a trusted documents list is on: the HTTP
   * layer resolves ids from the list, and no cache may learn a document the list does not hold.
   */
  readonly apq: boolean;
  /** The HTML Sandbox's page shows when Apollo's CDN cannot be reached (the gateway's front door). */
  readonly landingFallback: () => string;
}

/**
 * The engine of the GraphQL pipeline, for every transport: query limits (graphql-armor), the
 * transport rule, the request budget, then (HTTP) execution or (WebSocket) the hand-back of a
 * subscription to its transport; coded and masked errors; Sandbox in development.
 */
export function createApolloServer(schema: GraphQLSchema, options: ApolloOptions): ApolloServer<GatewayContext> {
  const protection = queryProtection(options.limits, options.introspection);
  return new ApolloServer<GatewayContext>({
    schema,
    introspection: options.introspection,
    // Stack traces name files and lines: noise for frontend teams, a map for attackers.
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !options.introspection,
    csrfPrevention: true,
    parseOptions: { maxTokens: options.limits.maxTokens },
    allowBatchedHttpRequests: false,
    ...(options.apq ? {} : { persistedQueries: false as const }),
    // main.ts owns SIGINT/SIGTERM and stops Apollo last, after the HTTP drain; Apollo's own handler
    // would stop it early and re-raise the signal.
    stopOnTerminationSignals: false,
    formatError: formatGatewayError,
    validationRules: protection.validationRules,
    plugins: [
      ...(protection.plugins as ApolloServerPlugin<GatewayContext>[]),
      transportRulePlugin(),
      requestBudgetPlugin(options.limits),
      ...options.plugins,
      // Last of the hooks that may refuse: only an operation every rule let through is handed back.
      subscriptionStartPlugin(),
      // The default cache-control plugin wraps every field resolver (willResolveField) to compute
      // HTTP cache hints; session data is never cacheable, so it is pure cost.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo turns on federated inline tracing (ftv1) for a subgraph schema: any caller sending its
      // header would get every field wrapped and timed. Traces are OpenTelemetry's job here.
      ApolloServerPluginInlineTraceDisabled(),
      options.introspection ? sandboxLandingPage(options.landingFallback) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}
