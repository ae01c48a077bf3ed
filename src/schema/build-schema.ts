import "reflect-metadata";
import { isInterfaceType, type GraphQLSchema, type GraphQLTypeResolver } from "graphql";
import { livenessTypeName, resourceTypeName } from "./resource.js";
import { buildSchema } from "type-graphql";
import { scopeAuthChecker } from "./auth-checker.js";
import { CheckResolver } from "./check.resolver.js";
import { DocumentFieldsResolver, MediaResolver } from "./media.resolver.js";
import { RecommendationResolver, WatchlistSearchConfigResolver } from "./report.resolver.js";
import { SessionResolver } from "./session.resolver.js";
import { TaskResolver } from "./task.resolver.js";
// Concrete types reached only through interfaces must be registered explicitly.
import * as checks from "./check.js";
import * as tasks from "./task.js";
import * as liveness from "./liveness.js";
import * as documents from "./document.js";
import * as captures from "./capture.js";

const ORPHANS = [checks, tasks, liveness, documents, captures].flatMap((m) =>
  Object.values(m).filter((v): v is Function => typeof v === "function"),
);

/**
 * type-graphql wraps `resolveType` in an async function, which makes graphql-js complete every
 * check, task and resource through a promise; the interfaces get the same functions back, synchronous.
 */
function synchronousResolveTypes(schema: GraphQLSchema): GraphQLSchema {
  const byInterface: Record<string, GraphQLTypeResolver<any, any>> = {
    Check: checks.checkTypeName,
    Task: tasks.taskTypeName,
    Resource: resourceTypeName,
    LivenessCapture: livenessTypeName,
  };
  for (const [name, resolve] of Object.entries(byInterface)) {
    const type = schema.getType(name);
    if (!isInterfaceType(type)) throw new Error(`schema has no interface ${name}`);
    type.resolveType = resolve;
  }
  return schema;
}

/** Builds the gateway's executable schema from the type-graphql classes. */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  return synchronousResolveTypes(await buildSchema({
    resolvers: [
      SessionResolver,
      CheckResolver,
      TaskResolver,
      RecommendationResolver,
      WatchlistSearchConfigResolver,
      MediaResolver,
      DocumentFieldsResolver,
    ],
    orphanedTypes: ORPHANS,
    validate: false,
    authChecker: scopeAuthChecker,
  }));
}
