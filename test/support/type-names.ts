import { isInterfaceType, type GraphQLSchema } from "graphql";

/** The interfaces whose concrete type is picked by a type string from Yoti, each with a Generic type for the rest. */
export type TypeFamily = "Check" | "Task" | "LivenessCapture";

/** Yoti's type strings are UPPER_SNAKE_CASE: a string in any other case names no type. */
const UPPER_SNAKE = /^[A-Z0-9]+(?:_[A-Z0-9]+)*$/;

/**
 * The name the schema's convention gives the type of a Yoti type string: its words in PascalCase, a
 * last word repeating the family dropped, then the family ("ID_DOCUMENT_TEXT_DATA_CHECK" →
 * "IdDocumentTextDataCheck", "VERIFY_SHARE_CODE_TASK" → "VerifyShareCodeTask", "ZOOM" →
 * "ZoomLivenessCapture"); undefined for a string that is not UPPER_SNAKE_CASE.
 */
export function derivedTypeName(wireType: string, family: TypeFamily): string | undefined {
  if (!UPPER_SNAKE.test(wireType)) return undefined;
  const words = wireType.split("_");
  if (words.length > 1 && words.at(-1) === family.toUpperCase()) words.pop();
  return words.map((w) => w[0] + w.slice(1).toLowerCase()).join("") + family;
}

/** The concrete types of `family` in `schema` other than its Generic one: what some type string must pick. */
export function specificTypes(schema: GraphQLSchema, family: TypeFamily): string[] {
  const iface = schema.getType(family);
  if (!isInterfaceType(iface)) throw new Error(`${family} is not an interface of the schema`);
  return schema
    .getPossibleTypes(iface)
    .map((t) => t.name)
    .filter((name) => name !== `Generic${family}`)
    .sort();
}

/**
 * The type a value of Yoti's type field must resolve to: the derived name when `schema` has such a
 * concrete type of the family, and the Generic type for anything else (unknown strings, other cases, non-strings).
 */
export function expectedTypeName(schema: GraphQLSchema, wireType: unknown, family: TypeFamily): string {
  const name = typeof wireType === "string" ? derivedTypeName(wireType, family) : undefined;
  return name !== undefined && specificTypes(schema, family).includes(name) ? name : `Generic${family}`;
}

/** Every type string in session bodies, by family: each check's `type`, each resource's tasks' `type`, each liveness capture's `liveness_type`. */
export function wireTypeStrings(bodies: readonly Record<string, any>[]): Record<TypeFamily, string[]> {
  const found: Record<TypeFamily, Set<string>> = { Check: new Set(), Task: new Set(), LivenessCapture: new Set() };
  const add = (family: TypeFamily, value: unknown) => typeof value === "string" && found[family].add(value);
  for (const body of bodies) {
    for (const check of body.checks ?? []) add("Check", check?.type);
    for (const list of Object.values<unknown>(body.resources ?? {})) {
      for (const resource of Array.isArray(list) ? list : []) for (const task of resource?.tasks ?? []) add("Task", task?.type);
    }
    for (const capture of body.resources?.liveness_capture ?? []) add("LivenessCapture", capture?.liveness_type);
  }
  return { Check: [...found.Check].sort(), Task: [...found.Task].sort(), LivenessCapture: [...found.LivenessCapture].sort() };
}
