import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema, type PubSub } from "type-graphql";
import { scopeAuthChecker } from "./auth-checker.js";
import { AuditResolver } from "./audit.resolver.js";
import { CheckResolver } from "./check.resolver.js";
import { LiveResolver } from "./live.resolver.js";
import { DocumentFieldsResolver, MediaResolver } from "./media.resolver.js";
import { RecommendationResolver, WatchlistSearchConfigResolver } from "./report.resolver.js";
import { SessionResolver } from "./session.resolver.js";
import { RequiredResourceResolver, SessionReadApiResolver, SupportedDocumentsResolver } from "./read-api.resolver.js";
import { directFieldResolvers } from "./direct-resolvers.js";
import { guardPersonalFields } from "./personal-resolvers.js";
import { directWireFields, synchronousResolveTypes } from "./schema-tuning.js";
import { TaskResolver } from "./task.resolver.js";
// Concrete types reached only through interfaces must be registered explicitly.
import * as checks from "./check.js";
import * as tasks from "./task.js";
import * as liveness from "./liveness.js";
import * as documents from "./document.js";
import * as captures from "./capture.js";
import * as media from "./media.js";
import * as configuration from "./configuration.js";

const isClass = (v: unknown): v is Function => typeof v === "function" && Function.prototype.toString.call(v).startsWith("class ");
const ORPHANS = [
  ...new Set(
    [checks, tasks, liveness, documents, captures, media, configuration].flatMap((m) =>
      // The decorated classes, and those of a family made from a table (CHECK_TYPES): the modules also export helpers such as checkTypeName.
      Object.values(m).flatMap((v) => (isClass(v) ? [v] : typeof v === "object" && v !== null ? Object.values(v).filter(isClass) : [])),
    ),
  ),
];

/**
 * type-graphql insists on a pubSub once there is a subscription, but `sessionUpdated` brings its
 * own stream (src/live: one fetch per change shared by its subscribers), so topics are never used.
 */
const UNUSED_PUB_SUB: PubSub = {
  publish: () => {
    throw new Error("topics are not used: subscriptions stream from src/live");
  },
  subscribe: () => {
    throw new Error("topics are not used: subscriptions stream from src/live");
  },
};

/** The schema type-graphql builds from the classes, untuned: the source of both the plain and the subgraph schema. */
export function buildTypeGraphqlSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      SessionResolver,
      CheckResolver,
      TaskResolver,
      RecommendationResolver,
      WatchlistSearchConfigResolver,
      MediaResolver,
      DocumentFieldsResolver,
      LiveResolver,
      SessionReadApiResolver,
      SupportedDocumentsResolver,
      RequiredResourceResolver,
      AuditResolver,
    ],
    orphanedTypes: ORPHANS,
    validate: false,
    authChecker: scopeAuthChecker,
    pubSub: UNUSED_PUB_SUB,
  });
}

/** Applies the schema tuning (schema-tuning.ts) to a schema holding the gateway's types; once per schema. */
export function tuneSchema(schema: GraphQLSchema): GraphQLSchema {
  // Direct method calls first: directWireFields then wraps them with the wire value checks.
  directFieldResolvers(schema, scopeAuthChecker);
  directWireFields(synchronousResolveTypes(schema), scopeAuthChecker);
  // Last, so the guards wrap whatever resolve the steps above chose.
  guardPersonalFields(schema);
  return schema;
}

/** Builds the gateway's executable schema from the type-graphql classes. */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  return tuneSchema(await buildTypeGraphqlSchema());
}
