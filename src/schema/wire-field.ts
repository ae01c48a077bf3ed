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
    Field(type, { nullable: true, ...options, name: options.name ?? camelCase(String(key)) })(target, key);
  };
}
