import { HeaderMap, type ApolloServer } from "@apollo/server";
import cors from "cors";
import { GraphQLError } from "graphql";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LimitsConfig } from "../config/security-config.js";
import type { SessionCache } from "../loaders/session-cache.js";
import { ErrorCode, messageFor } from "../upstream/error-codes.js";
import type { YotiClient } from "../upstream/yoti-client.js";
import type { Authenticator } from "./auth/authenticate.js";
import { contextFactory, UnauthenticatedCaller, type GatewayContext } from "./context.js";
import { documentNesting, MAX_DOCUMENT_NESTING } from "./document-nesting.js";
import { UNPARSABLE_MESSAGE } from "./format-error.js";
import { graphqlErrorBody, HttpRequestError, sendJson } from "./http-errors.js";
import type { RequestLocals } from "./observability/request-log.js";
import { readJsonBody } from "./read-json-body.js";
import type { Tracing } from "./observability/tracing.js";
import { abortOnClose } from "./request-signal.js";
import { admitTrustedDocument } from "./trusted-document-request.js";
import type { TrustedDocuments } from "./trusted-documents.js";

/** What the GraphQL route needs besides Apollo. */
export interface GraphqlRouteOptions {
  readonly client: YotiClient;
  readonly limits: LimitsConfig;
  readonly authenticate: Authenticator;
  /** The absolute base of media URLs for a request. */
  readonly mediaBase: (req: IncomingMessage) => string;
  readonly signMediaToken: (sessionId: string, mediaId: string) => string;
  /** The session cache across requests, when on (SESSION_CACHE_TTL_SECONDS). */
  readonly sessionCache?: SessionCache;
  /** When set, only trusted documents run (GATEWAY_TRUSTED_DOCUMENTS_FILE). */
  readonly trustedDocuments?: TrustedDocuments;
  /** The tracing that opens an operation span per GraphQL execution. */
  readonly tracing: Pick<Tracing, "enabled" | "operation">;
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Runs a connect-style middleware; false when it answered the request itself (a CORS preflight). */
function run(middleware: Middleware, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    middleware(req, res, (error) => resolve(error === undefined));
    if (res.writableEnded) resolve(false);
  });
}

function unauthenticated(): GraphQLError {
  return new GraphQLError(messageFor(ErrorCode.UNAUTHENTICATED), {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401, headers: new Map([["www-authenticate", "Bearer"]]) } },
  });
}

/**
 * GraphQL over HTTP (and Sandbox for browsers): the body is read within the size limit, Apollo
 * executes with a fresh context whose upstream work is abandoned if the caller leaves, and the
 * answer is written in one piece.
 */
export function graphqlRoute(apollo: ApolloServer<GatewayContext>, options: GraphqlRouteOptions) {
  const { limits } = options;
  // No origins listed: no CORS headers at all, so browsers only allow same-origin calls (Sandbox is same-origin).
  const corsMiddleware: Middleware | undefined =
    limits.corsOrigins.length > 0 ? cors({ origin: [...limits.corsOrigins], credentials: false, maxAge: 600 }) : undefined;
  const buildContext = contextFactory(options);
  const context = async (req: IncomingMessage, locals: RequestLocals, signal: AbortSignal) => {
    try {
      return await buildContext(req, locals, signal);
    } catch (error) {
      throw error instanceof UnauthenticatedCaller ? unauthenticated() : error;
    }
  };

  return async (req: IncomingMessage, res: ServerResponse, search: string, locals: RequestLocals): Promise<void> => {
    if (corsMiddleware && !(await run(corsMiddleware, req, res))) return;
    let body: unknown;
    try {
      body = req.method === "POST" ? await readJsonBody(req, limits.maxBodyBytes) : undefined;
    } catch (error) {
      if (!(error instanceof HttpRequestError)) throw error;
      sendJson(res, error.status, graphqlErrorBody(error.message, ErrorCode.BAD_USER_INPUT));
      return;
    }
    if (options.trustedDocuments) {
      // Before Apollo: an unlisted document is never parsed, and a listed one sent by id arrives as its text.
      const admitted = admitTrustedDocument(options.trustedDocuments, req.method ?? "GET", body, search);
      if (!admitted.ok) {
        locals.graphql = { codes: [admitted.code] };
        sendJson(res, admitted.status, graphqlErrorBody(admitted.message, admitted.code));
        return;
      }
      ({ body, search } = admitted);
    }
    // graphql's parser recurses per nesting level: a document nested deeper than any real query is
    // refused here, with the same answer a parse failure gets, before it can exhaust the stack.
    const query = req.method === "POST" ? (body as { query?: unknown } | undefined)?.query : new URLSearchParams(search).get("query");
    if (typeof query === "string" && documentNesting(query) > MAX_DOCUMENT_NESTING) {
      sendJson(res, 400, graphqlErrorBody(UNPARSABLE_MESSAGE, "GRAPHQL_PARSE_FAILED"));
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const signal = abortOnClose(res);
    const execute = () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? "GET", headers, search, body },
        context: () => context(req, locals, signal),
      });
    const response = await (options.tracing.enabled ? options.tracing.operation(execute) : execute());
    if (res.destroyed) return;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.setHeader("content-length", Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
