import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type ContextManager, type TextMapGetter, type TextMapPropagator, type Tracer } from "@opentelemetry/api";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_URL_SCHEME,
  HTTP_REQUEST_METHOD_VALUE_OTHER,
} from "@opentelemetry/semantic-conventions";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { ATTR_CLIENT_CLOSED } from "./tracing-attributes.js";

/** Runs a request's handler inside its server span. */
export type HttpSpan = (req: IncomingMessage, res: ServerResponse, route: string, handler: () => Promise<void>) => Promise<void>;

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE"]);
/** Probes and scrapes arrive every few seconds from machines, not people: spans for them would drown the rest. */
const UNTRACED_ROUTES = new Set(["/health/live", "/health/ready", "/metrics"]);

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key],
};

/**
 * A server span per HTTP request, continuing the caller's W3C traceparent. Its name and attributes
 * use the route template (`POST /graphql`, `GET /media/:token`): the raw path is never recorded, as a
 * media path is a capability token. The span ends when the response closes.
 */
export function httpSpans(tracer: Tracer, contexts: ContextManager, propagator: TextMapPropagator): HttpSpan {
  return (req, res, route, handler) => {
    if (UNTRACED_ROUTES.has(route)) return handler();
    const parent = propagator.extract(ROOT_CONTEXT, req.headers, headerGetter);
    const method = req.method !== undefined && KNOWN_METHODS.has(req.method) ? req.method : HTTP_REQUEST_METHOD_VALUE_OTHER;
    const matched = route !== "unmatched";
    const span = tracer.startSpan(
      matched ? `${method} ${route}` : method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: method,
          [ATTR_URL_SCHEME]: "http",
          [ATTR_NETWORK_PROTOCOL_VERSION]: req.httpVersion,
          ...(matched ? { [ATTR_HTTP_ROUTE]: route } : {}),
        },
      },
      parent,
    );
    res.once("close", () => {
      if (!res.writableFinished) {
        span.setAttribute(ATTR_CLIENT_CLOSED, true);
      } else {
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
        // A server span fails on 5xx only: a 4xx is the caller's mistake, answered correctly.
        if (res.statusCode >= 500) {
          span.setAttribute(ATTR_ERROR_TYPE, String(res.statusCode));
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
      }
      span.end();
    });
    return contexts.with(trace.setSpan(parent, span), handler);
  };
}
