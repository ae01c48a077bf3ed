import type { ApolloServerPlugin } from "@apollo/server";
import type { UpstreamObserver } from "../../upstream/upstream-observer.js";
import type { GatewayContext } from "../graphql/operation-context.js";
import type { HttpSpan } from "./tracing-http.js";

/** The gateway's tracing, on or off: the HTTP app, Apollo and the upstream client each take their part. */
export interface Tracing {
  readonly enabled: boolean;
  /** Runs a request's handler inside its server span. */
  readonly http: HttpSpan;
  /** Runs one GraphQL execution so that the operation span (opened by `plugins`) parents what it causes. */
  operation<T>(run: () => Promise<T>): Promise<T>;
  readonly plugins: readonly ApolloServerPlugin<GatewayContext>[];
  /** Opens a client span per upstream attempt; combine it with the other upstream observers. */
  readonly upstream: UpstreamObserver;
  /** Exports every ended span now; resolves even when the export failed (that is logged as a warning). */
  forceFlush(): Promise<void>;
  /** Exports what is left (waiting 5 s at most) and stops; never rejects. */
  shutdown(): Promise<void>;
}

/** Tracing off: no SDK, no context manager, nothing per request (callers check `enabled` before wrapping). */
export const TRACING_OFF: Tracing = Object.freeze<Tracing>({
  enabled: false,
  http: (_req, _res, _route, handler) => handler(),
  operation: <T>(run: () => Promise<T>) => run(),
  plugins: [],
  upstream: {},
  forceFlush: async () => {},
  shutdown: async () => {},
});
