/** A GraphQL error as the app reads it: where it happened and its code. */
export interface PathError {
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: unknown };
}

/** The errors of one response, looked up by the path of a field. */
export interface FieldErrors {
  /** The code of the error at `path` or at one of its parents (a null parent nulls its fields too). */
  codeAt(path: readonly (string | number)[]): string | undefined;
  /** True when the field came back null because the caller may not read it (FORBIDDEN). */
  forbidden(path: readonly (string | number)[]): boolean;
}

/** Indexes a response's errors by path. */
export function fieldErrors(errors: readonly PathError[] | undefined): FieldErrors {
  const coded = (errors ?? []).filter((e) => e.path && e.path.length > 0).map((e) => ({ path: e.path!.map(String), code: typeof e.extensions?.code === "string" ? e.extensions.code : "ERROR" }));
  const codeAt = (path: readonly (string | number)[]) => {
    const wanted = path.map(String);
    return coded.find((e) => e.path.length <= wanted.length && e.path.every((part, i) => part === wanted[i]))?.code;
  };
  return { codeAt, forbidden: (path) => codeAt(path) === "FORBIDDEN" };
}
