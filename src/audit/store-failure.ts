/**
 * What a store failure may carry onward (as an AuditUnavailableError's cause, into logs): the
 * SQLSTATE or system error code and the error's class, never its message, detail or context,
 * which PostgreSQL fills with the values of a refused row (a caller name, a purpose).
 */
export function safeCause(error: unknown): Error {
  const source = error as { code?: unknown; name?: unknown } | null | undefined;
  const code = typeof source?.code === "string" ? source.code : undefined;
  const name = typeof source?.name === "string" ? source.name : "Error";
  const failure = new Error(code === undefined ? `${name} (no code)` : `${name} ${code}`);
  failure.name = "AuditStoreFailure";
  return failure;
}
