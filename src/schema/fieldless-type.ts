import { ObjectType } from "type-graphql";

type AbstractClass = abstract new (...args: never[]) => object;

/** What a fieldless type is declared with: its interfaces (the base's by default) and description. */
export interface FieldlessOptions {
  readonly implements?: AbstractClass | AbstractClass[];
  readonly description?: string;
}

/**
 * A GraphQL object type that adds no field to the interface it implements (a check, task or media
 * kind). type-graphql wants one decorated class per GraphQL type: this makes it from a name, so a
 * family of such types is one table and one loop instead of a class per line.
 */
export function fieldlessType<B extends AbstractClass>(base: B, name: string, options: FieldlessOptions = {}): B {
  abstract class Fieldless extends (base as unknown as abstract new () => object) {}
  Object.defineProperty(Fieldless, "name", { value: name });
  ObjectType(name, { implements: options.implements ?? base, description: options.description })(Fieldless);
  return Fieldless as unknown as B;
}

/** One fieldless type per entry of `descriptions` (name -> description), keyed by name. */
export function fieldlessTypes<B extends AbstractClass, N extends string>(base: B, descriptions: Readonly<Record<N, string | undefined>>, options: Omit<FieldlessOptions, "description"> = {}): Record<N, B> {
  const types = {} as Record<N, B>;
  for (const name of Object.keys(descriptions) as N[]) types[name] = fieldlessType(base, name, { ...options, description: descriptions[name] });
  return types;
}
