import { randomUUID } from "node:crypto";
import type { RequestStats } from "../../loaders/request-stats.js";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Per-request state the transports share with the GraphQL pipeline, read once for the request's log line. */
export interface RequestLocals {
  requestId: string;
  /** The route template that served the request (never a path with ids or tokens in it). */
  route: string;
  /** The request's upstream work, when GraphQL ran. */
  stats?: RequestStats;
  /** What the GraphQL layer adds: labels and codes, never values. */
  graphql?: { operationName?: string; operationType?: string; codes: string[]; responseCache?: "hit" };
}

/** A fresh record for one request or operation: the caller's request id when it is sane, else a new one. */
export function newRequestLocals(given: unknown, route: string): RequestLocals {
  return { requestId: typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID(), route };
}
