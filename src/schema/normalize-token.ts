/** Emits the underscore form of an upstream token Yoti's docs sometimes spell with spaces (`NOT AVAILABLE`, `INTERNAL ERROR`). */
export function normalizeToken(value: string): string {
  return value.includes(" ") ? value.trim().replace(/\s+/g, "_") : value;
}
