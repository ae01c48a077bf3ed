import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { lexicographicSortSchema, parse, type GraphQLSchema } from "graphql";
import { createResolversMap } from "type-graphql";
import { buildTypeGraphqlSchema, tuneSchema } from "./build-schema.js";
import type { ResolverContext } from "./resolver-context.js";
import { resolveEntities, resolveEntityType } from "./entities.js";

/** The Federation 2 spec the subgraph links, and the one directive it uses (`@key` on Session). */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])`;

/**
 * The gateway's schema as an Apollo Federation 2 subgraph, the way type-graphql's
 * `examples/apollo-federation-2` builds one: the type-graphql schema printed with its directives
 * (Session's `@key`), rebuilt by `buildSubgraphSchema` (which adds `_service` and `_entities`) with
 * type-graphql's resolvers plus our own `_entities` (entities.ts); then the same tuning as the plain schema.
 */
export async function buildGatewaySubgraphSchema(): Promise<GraphQLSchema> {
  const schema = await buildTypeGraphqlSchema();
  // Sorted like schema.graphql, so the SDL routers compose (`_service { sdl }`) diffs cleanly.
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(lexicographicSortSchema(schema))}`;
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  // Module resolvers are added after @apollo/subgraph's own, so these replace its `_entities` and `_Entity` type resolver.
  resolvers["Query"] = {
    ...(resolvers["Query"] as Record<string, never>),
    // Apollo's resolver map is untyped in its context; ours is the one the server builds for every request.
    _entities: (_root: unknown, args: { representations: readonly unknown[] }, ctx: unknown) => resolveEntities(args.representations, ctx as ResolverContext),
  };
  resolvers["_Entity"] = { __resolveType: resolveEntityType };
  return tuneSchema(buildSubgraphSchema({ typeDefs: parse(sdl), resolvers }));
}
