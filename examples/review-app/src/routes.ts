/** What the address bar asks for: the list of `?ids=a,b,c`, or one session (`?session=<id>`, keeping the list's ids). */
export type Route = { readonly page: "list"; readonly ids: readonly string[] } | { readonly page: "session"; readonly id: string; readonly ids: readonly string[] };

/** Session ids from free text: commas, spaces or new lines between them; duplicates dropped. */
export function parseIds(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((s) => s.trim()).filter((s) => s !== ""))];
}

/** The route of the current address. */
export function currentRoute(): Route {
  const params = new URLSearchParams(window.location.search);
  const ids = parseIds(params.get("ids") ?? "");
  const session = params.get("session")?.trim();
  return session ? { page: "session", id: session, ids } : { page: "list", ids };
}

/** The address (search part) of a route. */
export function hrefOf(route: Route): string {
  const params = new URLSearchParams();
  if (route.ids.length > 0) params.set("ids", route.ids.join(","));
  if (route.page === "session") params.set("session", route.id);
  const search = params.toString().replaceAll("%2C", ",");
  return search ? `?${search}` : window.location.pathname;
}
