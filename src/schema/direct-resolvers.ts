import { getNamedType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLField, type GraphQLSchema } from "graphql";
import { AuthenticationError, AuthorizationError, getMetadataStorage, type AuthCheckerFn } from "type-graphql";

type Metadata = ReturnType<typeof getMetadataStorage>;
type FieldResolverMetadata = Metadata["fieldResolvers"][number];
type ParamMetadata = NonNullable<FieldResolverMetadata["params"]>[number];
type Field = GraphQLField<unknown, unknown, Record<string, unknown>>;
type Resolve = NonNullable<Field["resolve"]>;

/**
 * `resolve` behind the scope check type-graphql's AuthMiddleware makes for `@Authorized(roles)`
 * (authMode "error": a refusal throws, here synchronously when the checker is), without its async
 * middleware chain, so an allowed field resolves without a promise.
 */
export function authorizedResolver<C extends object>(checker: AuthCheckerFn<C>, roles: readonly string[], resolve: Resolve): Resolve {
  const refuse = () => {
    throw roles.length === 0 ? new AuthenticationError() : new AuthorizationError();
  };
  return (source, args, context, info) => {
    const granted = checker({ root: source, args, context: context as C, info }, [...roles]);
    if (granted === true) return resolve(source, args, context, info);
    if (granted === false) return refuse();
    return granted.then((ok) => (ok ? resolve(source, args, context, info) : refuse()));
  };
}

/** The fields `meta` resolves: its object type's, or an interface's and those of the types implementing it that have no resolver of their own. */
function resolvedFields(schema: GraphQLSchema, storage: Metadata, meta: FieldResolverMetadata): Field[] {
  const owner = meta.getObjectType?.();
  const objectName = storage.objectTypes.find((d) => d.target === owner)?.name;
  const objectType = objectName === undefined ? undefined : schema.getType(objectName);
  if (isObjectType(objectType)) return [objectType.getFields()[meta.schemaName]].filter((f) => f !== undefined);
  const interfaceName = storage.interfaceTypes.find((d) => d.target === owner)?.name;
  const iface = interfaceName === undefined ? undefined : schema.getType(interfaceName);
  if (!isInterfaceType(iface)) return [];
  const classes = new Map<string, Function>(storage.objectTypes.map((d) => [d.name, d.target]));
  const overridden = (type: string) => {
    const lineage: Function[] = [];
    for (let c = classes.get(type); c && c !== owner && c !== Function.prototype; c = Object.getPrototypeOf(c) as Function) lineage.push(c);
    return storage.fieldResolvers.some((r) => r !== meta && r.schemaName === meta.schemaName && lineage.includes(r.getObjectType!()));
  };
  const fields = [iface.getFields()[meta.schemaName]];
  for (const type of schema.getPossibleTypes(iface)) if (!overridden(type.name)) fields.push(type.getFields()[meta.schemaName]);
  return fields.filter((f) => f !== undefined);
}

/** How one method parameter is taken from graphql-js's (source, args, context, info), or undefined when only type-graphql can build it. */
function paramReader(param: ParamMetadata, argIsPlain: (name: string) => boolean): ((source: unknown, args: Record<string, unknown>, context: unknown, info: unknown) => unknown) | undefined {
  switch (param.kind) {
    case "root": {
      // type-graphql converts a root into an instance of a class it names; an interface (Object) is passed as is.
      const type = param.getType?.();
      if (param.propertyName !== undefined || (type !== undefined && type !== Object)) return undefined;
      return (source) => source;
    }
    case "context":
      return param.propertyName === undefined ? (_s, _a, context) => context : undefined;
    case "info":
      return (_s, _a, _c, info) => info;
    case "arg":
      // Scalars and lists of them reach the method as graphql-js coerced them (validation is off); input classes would be instantiated.
      return argIsPlain(param.name) ? (_s, args) => args[param.name] : undefined;
    default:
      return undefined;
  }
}

/**
 * type-graphql's resolver for a `@FieldResolver` or `@Query` method allocates a context object,
 * sorts and maps the parameter list and runs a middleware chain (async when scoped) on every call; a
 * full-session query calls such methods for every check, task and recommendation, a fan-in query
 * `session` once per alias. Methods with no middleware and only root,
 * context, info or scalar `@Arg` parameters are called directly instead, on one instance of their
 * resolver class (type-graphql's default container keeps one too); those with `@Authorized` behind
 * `checker`, the one the schema was built with. Returns the number of schema fields rewired.
 */
export function directFieldResolvers<C extends object>(schema: GraphQLSchema, checker: AuthCheckerFn<C>): number {
  const storage = getMetadataStorage();
  const instances = new Map<Function, Record<string, (...params: unknown[]) => unknown>>();
  let rewired = 0;
  const queryFields = schema.getQueryType()?.getFields() ?? {};
  const targets: [Metadata["queries"][number] | FieldResolverMetadata, Field[]][] = [
    ...storage.fieldResolvers.filter((m) => m.kind === "external").map((m): [FieldResolverMetadata, Field[]] => [m, resolvedFields(schema, storage, m)]),
    ...storage.queries.map((m): [Metadata["queries"][number], Field[]] => [m, [queryFields[m.schemaName]].filter((f) => f !== undefined)]),
  ];
  for (const [meta, fields] of targets) {
    if ((meta.middlewares?.length ?? 0) > 0 || fields.length === 0) continue;
    const argIsPlain = (name: string) => {
      const arg = fields[0]!.args.find((a) => a.name === name);
      return arg !== undefined && !isInputObjectType(getNamedType(arg.type));
    };
    const params = [...(meta.params ?? [])].sort((a, b) => a.index - b.index);
    const readers = params.map((p) => paramReader(p, argIsPlain));
    if (readers.some((r) => r === undefined) || params.some((p, i) => p.index !== i)) continue;
    let instance = instances.get(meta.target);
    if (!instance) {
      instance = new (meta.target as new () => Record<string, (...params: unknown[]) => unknown>)();
      instances.set(meta.target, instance);
    }
    const target = instance;
    const method = target[meta.methodName]!;
    const read = readers as NonNullable<(typeof readers)[number]>[];
    const call: Resolve =
      read.length === 1
        ? (source, args, context, info) => method.call(target, read[0]!(source, args, context, info))
        : (source, args, context, info) => method.apply(target, read.map((r) => r(source, args, context, info)));
    // type-graphql gives `roles` to a method marked @Authorized (an empty list when no scope is named).
    const resolve = meta.roles ? authorizedResolver(checker, meta.roles as string[], call) : call;
    for (const field of fields) field.resolve = resolve;
    rewired += fields.length;
  }
  return rewired;
}
