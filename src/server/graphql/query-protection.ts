import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ValidationRule } from "graphql";
import type { LimitsConfig } from "../../config/security-config.js";

/** The query limits both transports apply: validation rules (depth, aliases, directives) and Apollo's plugins. */
export interface QueryProtection {
  readonly validationRules: ValidationRule[];
  readonly plugins: ApolloServerPlugin[];
}

/** graphql-armor configured from the limits: one configuration, which Apollo runs for HTTP requests and WebSocket subscribes alike. */
export function queryProtection(limits: LimitsConfig, introspection: boolean): QueryProtection {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, exposeLimits: true },
    // Every alias counts, `__typename` ones too (armor exempts them by default): each is a field resolved per alias.
    maxAliases: { n: limits.maxAliases, exposeLimits: true, allowList: [] },
    // Cost is priced with the variables in hand (request-budget.ts), so `sessions(ids:)` counts per id.
    costLimit: { enabled: false },
    // Armor's token plugin re-parses inside a plugin hook, where a syntax error becomes a 500;
    // graphql's own parser enforces the same limit as a 400 (parseOptions in apollo.ts, for every transport).
    maxTokens: { enabled: false },
    maxDirectives: { n: 50, exposeLimits: true },
    // Field suggestions ("Did you mean ...") reveal the schema when introspection is off.
    blockFieldSuggestion: { enabled: !introspection },
  });
  const { validationRules, plugins } = armor.protect();
  // graphql-armor types its plugins against Apollo's CommonJS build; the objects are the same.
  return { validationRules, plugins: plugins as unknown as ApolloServerPlugin[] };
}
