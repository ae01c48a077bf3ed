import { HeaderMap, type ApolloServer } from "@apollo/server";
import cors from "cors";
import { GraphQLError } from "graphql";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { MediaUrlConfig } from "../config/config.js";
import type { LimitsConfig } from "../config/security-config.js";
import { createLoaders, createRequestStats, type Caller, type GatewayContext } from "../loaders/context.js";
import { ErrorCode, messageFor } from "../upstream/error-codes.js";
import type { YotiClient } from "../upstream/yoti-client.js";
import type { Authenticator } from "./auth/authenticate.js";
import { graphqlErrorBody, HttpRequestError, sendJson } from "./http-errors.js";
import type { MediaTokens } from "./media-token.js";
import { MEDIA_PREFIX } from "./media-route.js";
import type { RequestLocals } from "./observability/request-log.js";
import { readJsonBody } from "./read-json-body.js";

/** What the GraphQL route needs besides Apollo. */
export interface GraphqlRouteOptions {
  readonly client: YotiClient;
  readonly media: MediaUrlConfig;
  readonly tokens: MediaTokens;
  readonly limits: LimitsConfig;
  readonly authenticate: Authenticator;
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
 * GraphQL over HTTP at `/` (and Sandbox for browsers): the body is read within the size limit, Apollo
 * executes with a fresh context, and the answer is written in one piece.
 */
export function graphqlRoute(apollo: ApolloServer<GatewayContext>, options: GraphqlRouteOptions) {
  const { client, media, tokens, limits, authenticate } = options;
  // No origins listed: no CORS headers at all, so browsers only allow same-origin calls (Sandbox is same-origin).
  const corsMiddleware: Middleware | undefined =
    limits.corsOrigins.length > 0 ? cors({ origin: [...limits.corsOrigins], credentials: false, maxAge: 600 }) : undefined;
  // Without a configured public URL, media URLs use the origin the caller reached us on.
  const baseUrl = (req: IncomingMessage) =>
    media.publicUrl ?? `${(req.socket as TLSSocket).encrypted ? "https" : "http"}://${req.headers.host ?? "localhost"}`;

  // A fresh context per request: its DataLoader caches live exactly as long as the request.
  const contextFor = async (req: IncomingMessage, locals: RequestLocals): Promise<GatewayContext> => {
    let caller: Caller;
    try {
      caller = await authenticate(req.headers.authorization);
    } catch {
      throw unauthenticated();
    }
    const stats = createRequestStats();
    // Built on the first Media.url only: most queries select none.
    let base: string | undefined;
    const requestLog = {};
    locals.graphql = requestLog;
    return {
      requestId: locals.requestId,
      caller,
      stats,
      requestLog,
      loaders: createLoaders(client, stats),
      mediaUrls: { urlFor: (sessionId, mediaId) => (base ??= `${baseUrl(req)}${MEDIA_PREFIX}`) + tokens.sign({ sessionId, mediaId }) },
    };
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
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers, search, body },
      context: () => contextFor(req, locals),
    });
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
