import cors from "cors";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LimitsConfig } from "../../config/security-config.js";
import type { Caller } from "../../schema/resolver-context.js";
import { ErrorCode, messageFor } from "../../errors/error-codes.js";
import type { GraphqlPipeline } from "../graphql/pipeline.js";
import { graphqlErrorBody, HttpRequestError, sendJson } from "./http-errors.js";
import type { RequestLocals } from "../graphql/request-locals.js";
import { readJsonBody } from "./read-json-body.js";
import type { Tracing } from "../observability/tracing.js";
import { abortOnClose } from "./request-signal.js";

/** What the GraphQL route needs besides the pipeline. */
export interface GraphqlRouteOptions {
  readonly limits: LimitsConfig;
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

/**
 * GraphQL over HTTP (and Sandbox for browsers), a transport that only adapts: CORS, a POST's
 * credential checked (the pipeline's authenticate step, early) before its body is read within the
 * size limit, the request handed to the pipeline with a signal that abandons its upstream work if
 * the caller leaves, and the answer written in one piece.
 */
export function graphqlRoute(pipeline: GraphqlPipeline, options: GraphqlRouteOptions) {
  const { limits } = options;
  // No origins listed: no CORS headers at all, so browsers only allow same-origin calls (Sandbox is same-origin).
  const corsMiddleware: Middleware | undefined =
    limits.corsOrigins.length > 0 ? cors({ origin: [...limits.corsOrigins], credentials: false, maxAge: 600 }) : undefined;

  return async (req: IncomingMessage, res: ServerResponse, search: string, locals: RequestLocals): Promise<void> => {
    if (corsMiddleware && !(await run(corsMiddleware, req, res))) return;
    let caller: Caller | undefined;
    if (req.method === "POST") {
      // A stranger's body is never read (nor size-checked, nor parsed): the credential is in the headers.
      try {
        caller = await pipeline.authenticate(req.headers.authorization);
      } catch {
        locals.graphql = { codes: [ErrorCode.UNAUTHENTICATED] };
        res.shouldKeepAlive = false;
        sendJson(res, 401, graphqlErrorBody(messageFor(ErrorCode.UNAUTHENTICATED), ErrorCode.UNAUTHENTICATED), { "www-authenticate": "Bearer" });
        return;
      }
    }
    let body: unknown;
    try {
      body = req.method === "POST" ? await readJsonBody(req, limits.maxBodyBytes) : undefined;
    } catch (error) {
      if (!(error instanceof HttpRequestError)) throw error;
      sendJson(res, error.status, graphqlErrorBody(error.message, ErrorCode.BAD_USER_INPUT));
      return;
    }
    const signal = abortOnClose(res);
    const execute = () => pipeline.http({ req, body, search, locals, signal, caller });
    const response = await (options.tracing.enabled ? options.tracing.operation(execute) : execute());
    if (res.destroyed) return;
    if ("ok" in response) {
      locals.graphql = { codes: [response.code] };
      sendJson(res, response.status, graphqlErrorBody(response.message, response.code));
      return;
    }
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
