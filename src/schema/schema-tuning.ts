import { isInterfaceType, isObjectType, type GraphQLSchema, type GraphQLTypeResolver } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { checkTypeName } from "./check.js";
import { livenessTypeName, resourceTypeName } from "./resource.js";
import { taskTypeName } from "./task.js";
import { wireProperty } from "./wire-field.js";

// Two adjustments to the schema type-graphql builds; both keep behaviour and remove per-field cost.

/**
 * type-graphql wraps `resolveType` in an async function, which makes graphql-js complete every
 * check, task and resource through a promise; the interfaces get the same functions back, synchronous.
 */
export function synchronousResolveTypes(schema: GraphQLSchema): GraphQLSchema {
  const byInterface: Record<string, GraphQLTypeResolver<any, any>> = {
    Check: checkTypeName,
    Task: taskTypeName,
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

/**
 * type-graphql gives every field a resolver that allocates a context object and runs the
 * middleware chain, even for a plain property read. A full session query reads hundreds of wire
 * properties, so fields declared with WireField that have no scope (@Authorized) and no field
 * resolver get a direct read of their snake_case property instead. Everything else is untouched.
 */
export function directWireFields(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  const classes = new Map<string, Function>([...storage.objectTypes, ...storage.interfaceTypes].map((d) => [d.name, d.target]));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const lineage: Function[] = [];
    for (let c = classes.get(type.name); c && c !== Function.prototype; c = Object.getPrototypeOf(c)) lineage.push(c);
    if (lineage.length === 0) continue;
    for (const field of Object.values(type.getFields())) {
      const owner = lineage.find((c) => wireProperty(c, field.name) !== undefined);
      if (!owner) continue;
      const property = wireProperty(owner, field.name)!;
      const guarded = storage.authorizedFields.some((a) => a.fieldName === property && lineage.includes(a.target));
      const resolved = storage.fieldResolvers.some((r) => r.methodName === property && lineage.includes(r.getObjectType!()));
      if (guarded || resolved) continue;
      field.resolve = (source: Record<string, unknown>) => source[property];
    }
  }
  return schema;
}
