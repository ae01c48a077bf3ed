import { Field, type FieldOptions } from "type-graphql";

type ReturnTypeFunc = NonNullable<Parameters<typeof Field>[0]> & ((...args: never[]) => unknown);

/** snake_case -> camelCase, the one naming rule between REST and the graph. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * A field read straight off the wire object: the property keeps the REST name, the schema gets
 * its camelCase. Nullable by default, because Yoti may omit any field. Resolved objects are the
 * parsed JSON itself, so no copy is made per request.
 */
export function WireField(type: ReturnTypeFunc, options: FieldOptions = {}): PropertyDecorator {
  return (target, key) => {
    const schemaName = options.name ?? camelCase(String(key));
    Field(type, { nullable: true, ...options, name: schemaName })(target, key);
    const owner = target.constructor;
    const fields = wireFields.get(owner) ?? new Map<string, string>();
    fields.set(schemaName, String(key));
    wireFields.set(owner, fields);
  };
}

// class -> (schema field name -> wire property), for the direct-read optimisation in build-schema.
const wireFields = new Map<Function, Map<string, string>>();

/** The wire property behind a schema field declared with WireField on `owner`, if any. */
export function wireProperty(owner: Function, schemaName: string): string | undefined {
  return wireFields.get(owner)?.get(schemaName);
}
