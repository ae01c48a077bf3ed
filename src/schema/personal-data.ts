import { getMetadataStorage } from "type-graphql";
import { Scope } from "../config/security-config.js";
import type { MaskRule } from "./masks.js";

export { Mask } from "./masks.js";

/** What a personal field declares beside itself. */
export interface PersonalOptions {
  /** What the field holds, in a few words (the personal-data table's second column). */
  readonly holds: string;
  /** How a `pii:masked` caller sees it; without one, such callers are refused (FORBIDDEN). */
  readonly mask?: MaskRule;
  /**
   * The scope that shows the field whole. `pii:read` (the default) is read from the operation's
   * access record; any other (`media:read`, `devices:read`) from the caller's scopes, so that it
   * needs no `pii:*` scope, though a `pii:masked` caller is masked there too.
   */
  readonly scope?: Scope;
  /** The value is a link to a media's bytes (`Media.url`): recorded as that media id issued. */
  readonly mediaLink?: boolean;
}

/** One personal field of the schema, by its schema coordinate. */
export interface PersonalField {
  /** `Type.field`, GraphQL names. */
  readonly coordinate: string;
  readonly typeName: string;
  readonly fieldName: string;
  readonly holds: string;
  readonly mask: MaskRule | undefined;
  readonly scope: Scope;
  readonly mediaLink: boolean;
}

interface Declaration {
  readonly owner: Function;
  readonly key: string;
  readonly options: PersonalOptions;
}

const declarations: Declaration[] = [];

/**
 * Marks a field as personal data, beside its `@WireField` / `@Field` (put it above) or on a
 * `@FieldResolver` method: the schema build then records every value it resolves, masks it for
 * `pii:masked` callers and refuses it to callers without access (see personal-resolvers.ts).
 */
export function Personal(options: PersonalOptions): PropertyDecorator & MethodDecorator {
  return (target: object, key: string | symbol) => {
    declarations.push({ owner: target.constructor, key: String(key), options });
  };
}

/** The GraphQL type name and field name a declaration stands for, from type-graphql's metadata. */
function locate(declaration: Declaration): { typeName: string; fieldName: string } {
  const storage = getMetadataStorage();
  const { owner, key } = declaration;
  const typeNameOf = (target: Function | undefined) => storage.objectTypes.find((t) => t.target === target)?.name;
  const field = storage.fields.find((f) => f.target === owner && f.name === key);
  const ownType = typeNameOf(owner);
  if (field && ownType) return { typeName: ownType, fieldName: field.schemaName };
  const resolver = storage.fieldResolvers.find((r) => r.target === owner && r.methodName === key);
  const resolverClass = storage.resolverClasses.find((r) => r.target === owner);
  const resolvedType = typeNameOf(resolverClass?.getObjectType() as Function | undefined);
  if (resolver && resolvedType) return { typeName: resolvedType, fieldName: resolver.schemaName };
  throw new Error(`@Personal on ${owner.name}.${key} is not beside an object type's field or a field resolver`);
}

/**
 * Every declared personal field, sorted by coordinate. The schema's classes must have been loaded
 * (build-schema.ts imports them all).
 */
export function personalFields(): readonly PersonalField[] {
  const fields = declarations.map(({ options, ...rest }): PersonalField => {
    const { typeName, fieldName } = locate({ options, ...rest });
    return { coordinate: `${typeName}.${fieldName}`, typeName, fieldName, holds: options.holds, mask: options.mask, scope: options.scope ?? Scope.PII_READ, mediaLink: options.mediaLink === true };
  });
  return fields.sort((a, b) => (a.coordinate < b.coordinate ? -1 : a.coordinate > b.coordinate ? 1 : 0));
}
