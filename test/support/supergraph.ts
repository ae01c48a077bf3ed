import { composeServices } from "@apollo/composition";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";

/** A user of the second subgraph: `idvSessionId` is the id of an IDV session this gateway serves. */
export interface TestUser {
  readonly id: string;
  readonly name: string;
  readonly idvSessionId: string | null;
}

/**
 * The second subgraph: users who point at IDV sessions. It only names the Session entity
 * (`resolvable: false`); the router fetches the session itself from the IDV subgraph by id.
 */
const USERS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Query {
    user(id: ID!): User
    users(ids: [ID!]!): [User]!
  }

  type User @key(fields: "id") {
    id: ID!
    name: String!
    idvSessionId: ID
    idvSession: Session
  }

  type Session @key(fields: "id", resolvable: false) {
    id: ID!
  }
`;

/** Starts the users subgraph on loopback; `stop` closes it. */
export async function startUsersSubgraph(users: readonly TestUser[]): Promise<{ url: string; sdl: string; stop: () => Promise<void> }> {
  const byId = new Map(users.map((u) => [u.id, u]));
  const schema = buildSubgraphSchema({
    typeDefs: parse(USERS_SDL),
    resolvers: {
      Query: {
        user: (_: unknown, { id }: { id: string }) => byId.get(id) ?? null,
        users: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => byId.get(id) ?? null),
      },
      User: {
        __resolveReference: ({ id }: { id: string }) => byId.get(id) ?? null,
        idvSession: (user: TestUser) => (user.idvSessionId === null ? null : { __typename: "Session", id: user.idvSessionId }),
      },
    },
  });
  const server = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  return { url, sdl: USERS_SDL, stop: () => server.stop() };
}

/** Composes subgraph SDLs into a supergraph with @apollo/composition; throws with the composition errors. */
export function composeSupergraph(subgraphs: { name: string; url: string; sdl: string }[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join("; ")}`);
  return result.supergraphSdl;
}

/**
 * Serves a supergraph with @apollo/gateway from its static SDL (no Apollo Studio), forwarding the
 * caller's Authorization header to every subgraph, as a router in front of this gateway does.
 */
export async function startRouter(supergraphSdl: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<{ authorization?: string }>({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set("authorization", context.authorization);
        },
      }),
  });
  // @apollo/gateway implements the gateway interface Apollo Server 5 drives; its types name an older copy of it.
  const server = new ApolloServer<{ authorization?: string }>({ gateway: gateway as never });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: "127.0.0.1" },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return { url, stop: () => server.stop() };
}
