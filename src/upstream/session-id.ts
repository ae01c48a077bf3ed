const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a session id: a UUID, any case (the only ids that may reach an upstream path). */
export function isSessionId(id: string): boolean {
  return UUID.test(id);
}
