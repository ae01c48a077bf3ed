/**
 * Emits the underscore form of an upstream token Yoti's docs sometimes spell with spaces (`NOT AVAILABLE`, `INTERNAL ERROR`).
 * A non-string (the wire type says string; Yoti's JSON may not) comes back untouched, for the field's type check to judge.
 */
export function normalizeToken(value: string): string {
  return typeof value === "string" && value.includes(" ") ? value.trim().replace(/\s+/g, "_") : value;
}
