import { isInterfaceType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema, type GraphQLTypeResolver } from "graphql";
import { getMetadataStorage, type AuthCheckerFn } from "type-graphql";
import { authorizedResolver } from "./direct-resolvers.js";
import { wireProperty } from "./wire-field.js";
import { checkedRead, checkedResolver, wireValueCheck } from "./wire-value-check.js";

// Two adjustments to the schema type-graphql builds: the first removes per-object cost, the second
// removes per-field cost and makes every value read off Yoti's JSON pass its field's type check.

/**
 * type-graphql wraps `resolveType` in an async function, which makes graphql-js complete every
 * check, task and resource through a promise. The interfaces get back the very functions given to
 * their `@InterfaceType` decorators (the one place they are named), synchronous. Those functions
 * return type names, never classes, so graphql-js can call them as they are.
 */
export function synchronousResolveTypes(schema: GraphQLSchema): GraphQLSchema {
  for (const { name, resolveType } of getMetadataStorage().interfaceTypes) {
    if (resolveType === undefined) continue;
    const type = schema.getType(name);
    if (!isInterfaceType(type)) throw new Error(`schema has no interface ${name}`);
    type.resolveType = resolveType as GraphQLTypeResolver<unknown, unknown>;
  }
  return schema;
}

/**
 * type-graphql gives every field a resolver that allocates a context object and runs the
 * middleware chain, even for a plain property read. A full session query reads hundreds of wire
 * properties, so fields declared with WireField that have no scope (@Authorized) and no field
 * resolver get a direct read of their snake_case property instead, behind `checker` when scoped
 * (the schema's auth checker, as type-graphql's middleware would call it). Every field of a wire-backed
 * type, read directly or through its resolver, refuses a value of the wrong JSON type with
 * UPSTREAM_BAD_RESPONSE (see wire-value-check.ts).
 */
export function directWireFields<C extends object>(schema: GraphQLSchema, checker: AuthCheckerFn<C>): GraphQLSchema {
  const storage = getMetadataStorage();
  const classes = new Map<string, Function>([...storage.objectTypes, ...storage.interfaceTypes].map((d) => [d.name, d.target]));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const lineage: Function[] = [];
    for (let c = classes.get(type.name); c && c !== Function.prototype; c = Object.getPrototypeOf(c)) lineage.push(c);
    if (lineage.length === 0) continue;
    for (const field of Object.values(type.getFields())) {
      const check = wireValueCheck(field.type);
      const owner = lineage.find((c) => wireProperty(c, field.name) !== undefined);
      const property = owner && wireProperty(owner, field.name);
      const guards = property === undefined ? [] : storage.authorizedFields.filter((a) => a.fieldName === property && lineage.includes(a.target));
      const resolved = property !== undefined && storage.fieldResolvers.some((r) => r.methodName === property && lineage.includes(r.getObjectType!()));
      if (property !== undefined && guards.length === 0 && !resolved) {
        field.resolve = checkedRead(property, check);
      } else if (property !== undefined && guards.length === 1 && !resolved) {
        // Scoped wire fields (personal data): the same checked read, behind the scope check.
        field.resolve = authorizedResolver(checker, guards[0]!.roles as string[], checkedRead(property, check) as GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>);
      } else if (field.resolve) {
        // Scoped wire fields, normalising resolvers (Check.state) and edges (Session.id) also hand out upstream values.
        field.resolve = checkedResolver(field.resolve, check);
      }
    }
  }
  return schema;
}
