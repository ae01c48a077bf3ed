import { SpanKind, SpanStatusCode, type ContextManager, type Tracer } from "@opentelemetry/api";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from "@opentelemetry/semantic-conventions";
import type { UpstreamObserver } from "../../upstream/upstream-observer.js";
import { ATTR_UPSTREAM_ATTEMPT, ATTR_UPSTREAM_RETRY_REASON, ATTR_URL_TEMPLATE } from "./tracing-attributes.js";
import { withOperationSpan } from "./tracing-operation.js";

/**
 * A client span per upstream attempt, under the operation (or the media request) that caused it:
 * named by the endpoint template (`GET /sessions/:id`), with the attempt number, the retry reason and
 * the outcome. Never the URL: its path holds session and media ids, its query the SDK id and nonce.
 * No traceparent goes to Yoti: it does not take part in the trace, and our ids are none of its business.
 */
export function upstreamSpans(tracer: Tracer, contexts: ContextManager): UpstreamObserver {
  return {
    startAttempt(start) {
      const space = start.endpoint.indexOf(" ");
      const span = tracer.startSpan(
        start.endpoint,
        {
          kind: SpanKind.CLIENT,
          attributes: {
            [ATTR_HTTP_REQUEST_METHOD]: start.endpoint.slice(0, space),
            [ATTR_URL_TEMPLATE]: start.endpoint.slice(space + 1),
            [ATTR_SERVER_ADDRESS]: start.host,
            [ATTR_SERVER_PORT]: start.port,
            [ATTR_UPSTREAM_ATTEMPT]: start.attempt,
            ...(start.attempt > 1 ? { [ATTR_HTTP_REQUEST_RESEND_COUNT]: start.attempt - 1 } : {}),
            ...(start.retryReason !== undefined ? { [ATTR_UPSTREAM_RETRY_REASON]: start.retryReason } : {}),
          },
        },
        withOperationSpan(contexts.active()),
      );
      return (outcome) => {
        const status = Number(outcome.status);
        const answered = Number.isInteger(status);
        if (answered) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
        // A client span fails on any 4xx/5xx, or when no answer came ("timeout", "network", "aborted").
        if (!answered || status >= 400) {
          span.setAttribute(ATTR_ERROR_TYPE, outcome.status);
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
      };
    },
  };
}
