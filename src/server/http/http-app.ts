import { bearerMatches } from "./bearer-token.js";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { ErrorCode, messageFor } from "../../errors/error-codes.js";
import { Explain } from "../../errors/explain.js";
import type { GraphqlPipeline } from "../graphql/pipeline.js";
import type { YotiClient } from "../../upstream/yoti-client.js";
import type { Drain } from "../drain.js";
import { graphqlRoute, type GraphqlRouteOptions } from "./graphql-route.js";
import { graphqlErrorBody, sendJson } from "./http-errors.js";
import { MEDIA_PREFIX, mediaRoute } from "./media-route.js";
import type { MediaTokens } from "./media-token.js";
import type { GatewayMetrics } from "../observability/metrics.js";
import { requestLogger } from "../observability/request-log.js";
import type { Tracing } from "../observability/tracing.js";
import { WEBHOOK_PATH } from "./webhook-route.js";
import { AUDIT_EXPORT_PATH } from "./audit-export-route.js";
import type { MediaGrant } from "./media-token.js";
import { acceptsHtml, type FrontDoor } from "./front-door.js";

/** Everything the HTTP routes need. */
export interface HttpAppOptions extends GraphqlRouteOptions {
  readonly client: YotiClient;
  readonly tokens: MediaTokens;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly drain: Drain;
  /** SHA-256 of the token /metrics wants as `Authorization: Bearer <token>`; open when undefined. */
  readonly metricsTokenSha256?: Buffer;
  /** How long a media body may sit idle upstream while the client waits for more. */
  readonly mediaIdleMs: number;
  /** False once the process is draining: readiness then fails so load balancers move on. */
  readonly isReady: () => boolean;
  readonly tracing: Tracing;
  /** POST /webhooks/yoti (webhook-route.ts). */
  readonly webhook: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** GET /audit/export (audit-export-route.ts); absent when the audit trail is off. */
  readonly auditExport?: (req: IncomingMessage, res: ServerResponse, search: string, requestId: string) => Promise<void>;
  /** Records a media download before its bytes leave; absent when the audit trail is off. */
  readonly recordDownload?: (grant: MediaGrant, requestId: string) => Promise<void>;
  /** False while the audit store cannot take events: readiness then fails (personal data is being withheld). */
  readonly auditAvailable?: () => boolean;
  /** What `GET /` without a query answers in plain text (front-door.ts). */
  readonly frontDoor: FrontDoor;
  /** Sandbox is served: a browser's `GET /` goes to Apollo's page (whose offline fallback is the front door). */
  readonly sandbox: boolean;
}

/** GraphQL is served at both: `/` for Sandbox and curl, `/graphql` where most client setups look. */
const GRAPHQL_PATHS = new Set(["/", "/graphql"]);

/** The route template of a path, for logs and metric labels: a media path holds a capability token and must never be logged. */
function routeOf(path: string): string {
  if (GRAPHQL_PATHS.has(path)) return "/graphql";
  if (path.startsWith(MEDIA_PREFIX) && path.length > MEDIA_PREFIX.length) return "/media/:token";
  if (path === "/metrics" || path === "/health/live" || path === "/health/ready" || path === WEBHOOK_PATH || path === AUDIT_EXPORT_PATH) return path;
  return "unmatched";
}

/**
 * The HTTP routes on plain node:http (a handful of fixed paths need no framework, and each request
 * skips a middleware chain): GraphQL and Sandbox, media bytes, metrics, liveness and readiness.
 */
export function createHttpApp(pipeline: GraphqlPipeline, options: HttpAppOptions): RequestListener {
  const { tokens, logger, metrics, drain, tracing } = options;
  const graphql = graphqlRoute(pipeline, options);
  const mediaBytes = mediaRoute(tokens, options.client, options.mediaIdleMs, options.recordDownload);
  const startLog = requestLogger(logger, metrics);

  const readOnly = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method === "GET" || req.method === "HEAD") return true;
    sendJson(res, 405, graphqlErrorBody(Explain.methodNotAllowed, ErrorCode.BAD_USER_INPUT), { allow: "GET, HEAD" });
    return false;
  };

  /**
   * A GET without a query is no GraphQL request: a person is looking. Browsers get Sandbox when it is
   * served; anyone else (curl sends `Accept: *\/*`) a short text, rather than Apollo's CSRF refusal.
   */
  const frontDoorText = (req: IncomingMessage, res: ServerResponse, search: string): boolean => {
    if ((req.method !== "GET" && req.method !== "HEAD") || search !== "") return false;
    if (options.sandbox && req.method === "GET" && acceptsHtml(req.headers.accept)) return false;
    const text = options.frontDoor.text();
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : text);
    return true;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, route: string, path: string, search: string): Promise<void> => {
    const locals = startLog(req, res, route);
    if (!drain.admit(req, res)) return;
    switch (route) {
      case "/graphql":
        if (frontDoorText(req, res, search)) return;
        return graphql(req, res, search, locals);
      case "/media/:token":
        if (readOnly(req, res)) await mediaBytes(path.slice(MEDIA_PREFIX.length), req, res, locals.requestId);
        return;
      case AUDIT_EXPORT_PATH:
        if (!readOnly(req, res)) return;
        if (options.auditExport) await options.auditExport(req, res, search, locals.requestId);
        else sendJson(res, 404, graphqlErrorBody(Explain.noSuchRoute, ErrorCode.NOT_FOUND));
        return;
      case WEBHOOK_PATH:
        return options.webhook(req, res);
      case "/health/live":
        if (readOnly(req, res)) sendJson(res, 200, { status: "ok" });
        return;
      case "/health/ready":
        if (readOnly(req, res)) {
          // Read once: a drain starting between two reads must not give 200 with "draining".
          const serving = options.isReady();
          const audited = options.auditAvailable?.() ?? true;
          sendJson(res, serving && audited ? 200 : 503, { status: !serving ? "draining" : audited ? "ready" : "audit_unavailable" });
        }
        return;
      case "/metrics":
        if (!readOnly(req, res)) return;
        if (options.metricsTokenSha256 && !bearerMatches(req.headers.authorization, options.metricsTokenSha256)) {
          sendJson(res, 401, graphqlErrorBody(messageFor(ErrorCode.UNAUTHENTICATED), ErrorCode.UNAUTHENTICATED), { "www-authenticate": "Bearer" });
          return;
        }
        {
          const text = await metrics.registry.metrics();
          res.writeHead(200, { "content-type": metrics.registry.contentType, "content-length": Buffer.byteLength(text) });
          res.end(text);
        }
        return;
      default:
        sendJson(res, 404, graphqlErrorBody(Explain.noSuchRoute, ErrorCode.NOT_FOUND));
    }
  };

  return (req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const route = routeOf(path);
    const search = q < 0 ? "" : url.slice(q);
    // Checked here rather than inside `http` so that with tracing off no closure is made per request.
    const served = tracing.enabled ? tracing.http(req, res, route, () => serve(req, res, route, path, search)) : serve(req, res, route, path, search);
    served.catch(() => {
      // Never a stack or an HTML page: a fixed JSON body, or a closed socket once bytes have gone out.
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, graphqlErrorBody(messageFor(ErrorCode.INTERNAL_SERVER_ERROR), ErrorCode.INTERNAL_SERVER_ERROR));
    });
  };
}
