import { HeaderMap, type ApolloServer, type ApolloServerPlugin, type HTTPGraphQLResponse } from "@apollo/server";
import type { ExecutionArgs, GraphQLError, GraphQLFormattedError, GraphQLSchema } from "graphql";
import type { IncomingMessage } from "node:http";
import type { LimitsConfig } from "../../config/security-config.js";
import type { Caller } from "../../schema/resolver-context.js";
import { refusal } from "../../errors/coded-error.js";
import { ErrorCode, httpStatusFor, messageFor } from "../../errors/error-codes.js";
import type { RequestLocals } from "./request-locals.js";
import { admitHttpRequest, admitSocketRequest, type Refusal } from "./admit.js";
import { createApolloServer } from "./apollo.js";
import type { Authenticator } from "./authenticate.js";
import { httpContext, socketContext, type ContextOptions, type GatewayContext, type HttpOperationContext, type SocketConnection } from "./operation-context.js";
import type { KeptResponse, ResponseCache } from "./response-cache.js";
import { accessRecord, purposeHeader } from "./operation-access.js";
import { MAX_PURPOSE_LENGTH } from "../../audit/audit-event.js";
import { Explain } from "../../errors/explain.js";
import { responseKey } from "./response-key.js";
import { isFinished } from "../../upstream/session-state.js";
import type { TrustedDocuments } from "./trusted-documents.js";

/** What the pipeline is built from. */
export interface PipelineOptions {
  readonly schema: GraphQLSchema;
  readonly limits: LimitsConfig;
  /** Sandbox, introspection and field suggestions on. */
  readonly introspection: boolean;
  /** What Sandbox's page shows when Apollo's CDN cannot be reached (the gateway's front door, as HTML). */
  readonly landingFallback: () => string;
  readonly authenticate: Authenticator;
  /** When set, only these documents run, whatever the transport (GATEWAY_TRUSTED_DOCUMENTS_FILE). */
  readonly trustedDocuments?: TrustedDocuments;
  /** The log, count and trace steps (Apollo plugins). */
  readonly plugins: ApolloServerPlugin<GatewayContext>[];
  readonly context: ContextOptions;
  /** Whole answers about finished sessions, when the response cache is on. */
  readonly responses?: ResponseCache;
  /** Personal-data refusals of callers that could not be authenticated: recorded as audit events (audit on). */
  readonly recordUnauthenticated?: (attempt: UnauthenticatedAttempt) => Promise<void>;
}

/** An operation refused for want of valid credentials: what its audit event is built from. */
export interface UnauthenticatedAttempt {
  readonly transport: "http" | "websocket";
  readonly requestId: string;
  readonly query: unknown;
  readonly operationName: unknown;
  readonly variables: unknown;
}

/** One GraphQL request over HTTP, as the route read it. */
export interface HttpOperation {
  readonly req: IncomingMessage;
  readonly body: unknown;
  /** The URL's query string, `?` included (GET requests carry the operation there). */
  readonly search: string;
  readonly locals: RequestLocals;
  /** Aborts when the caller goes away. */
  readonly signal: AbortSignal;
  /** The caller, when the route already authenticated it (a POST is authenticated before its body is read). */
  readonly caller?: Caller;
}

/** How a subscribe ended in the pipeline: the operation to stream, or the errors to answer with. */
export type SocketOutcome =
  | { readonly ok: true; readonly args: ExecutionArgs }
  | { readonly ok: false; readonly errors: readonly GraphQLFormattedError[]; readonly unauthenticated: boolean };

/**
 * The one GraphQL pipeline, whatever brought the operation (HTTP GET or POST, a graphql-ws
 * subscribe, a federation `_entities` fetch, which is an HTTP query). Its steps, in order, each
 * owned by one module: admit (admit.ts: trusted documents, nesting) > authenticate
 * (authenticate.ts, for every operation) > a kept answer, when the response cache holds one this
 * caller may read (response-cache.ts; every step after this one ran when it was kept) > parse and
 * validate, with Apollo's document cache and graphql-armor's rules (query-protection.ts) > the transport rule (transport-rule.ts) > the
 * budget (request-budget.ts) > execute (Apollo for HTTP; the transport's stream for a
 * subscription, event-execution.ts) > mask and code errors (format-error.ts) > log, trace and count
 * (the observability plugins). Transports adapt their requests to it and nothing else.
 */
export interface GraphqlPipeline {
  readonly apollo: ApolloServer<GatewayContext>;
  /** Runs an HTTP request through every step; a refusal before Apollo comes back as one. */
  http(operation: HttpOperation): Promise<HTTPGraphQLResponse | Refusal>;
  /** Runs a graphql-ws subscribe through every step but execution; the transport streams what comes back. */
  subscribe(payload: SubscribePayload, connection: SocketConnection & { readonly credential?: string }, locals: RequestLocals): Promise<SocketOutcome>;
  /** Authenticates a credential as every operation does; rejects when it is missing, invalid or expired. */
  authenticate(credential: string | undefined): Promise<Caller>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A graphql-ws subscribe message's payload (GraphQL over HTTP's fields, plus the persisted documents `documentId`). */
export interface SubscribePayload {
  readonly query?: unknown;
  readonly operationName?: string | null;
  readonly variables?: Record<string, unknown> | null;
  readonly extensions?: Record<string, unknown> | null;
  readonly documentId?: unknown;
}

/** The 401 an operation gets without valid credentials, with its challenge. */
function unauthenticatedOverHttp(): GraphQLError {
  return refusal(ErrorCode.UNAUTHENTICATED, messageFor(ErrorCode.UNAUTHENTICATED), httpStatusFor(ErrorCode.UNAUTHENTICATED), new HeaderMap([["www-authenticate", "Bearer"]]));
}

/**
 * The answer to keep for an executed request, or undefined: a complete 200 answer to a query with
 * no error, no media URL (those are signed, expiring and for one origin), no device events and no
 * supported documents, that read at least one session and only finished ones (nothing changes them,
 * their media or their configuration but what a notification announces).
 */
function keepable(response: HTTPGraphQLResponse, context: HttpOperationContext | undefined, locals: RequestLocals) {
  const graphql = locals.graphql;
  if (!context || (response.status ?? 200) !== 200 || response.body.kind !== "complete") return undefined;
  if (graphql?.operationType !== "query" || graphql.codes.length > 0 || context.mediaUrls.minted > 0) return undefined;
  // Device events and the supported documents may change at Yoti with no notification, finished session or not.
  if (context.stats.trackedDeviceFetches > 0 || context.stats.supportedDocumentsFetches > 0) return undefined;
  const sessions = context.loaders.links.sessions;
  if (sessions.length === 0 || !sessions.every((links) => isFinished(links.session))) return undefined;
  return {
    body: response.body.string,
    headers: response.headers,
    sessionIds: [...new Set(sessions.map((links) => links.sessionId))],
    operationName: graphql.operationName,
    accessed: [...context.access.sessions],
  };
}

/** The 400 for a stated purpose over the limit. */
function purposeTooLong(): Refusal {
  return { ok: false, code: ErrorCode.BAD_USER_INPUT, status: httpStatusFor(ErrorCode.BAD_USER_INPUT), message: Explain.purposeTooLong(MAX_PURPOSE_LENGTH) };
}

/** The query, operation name and variables of an admitted request (a GET carries them in its query string). */
function operationParams(method: string, body: unknown, search: string): { query: unknown; operationName: unknown; variables: unknown } {
  if (method === "GET") {
    const params = new URLSearchParams(search);
    let variables: unknown;
    try {
      variables = JSON.parse(params.get("variables") ?? "null");
    } catch {
      variables = undefined;
    }
    return { query: params.get("query") ?? undefined, operationName: params.get("operationName") ?? undefined, variables };
  }
  const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  return { query: fields.query, operationName: fields.operationName, variables: fields.variables };
}

/** Builds the pipeline (Apollo is its engine); `start` before serving. */
export function createPipeline(options: PipelineOptions): GraphqlPipeline {
  const { schema, authenticate, trustedDocuments, responses } = options;
  const audit = options.context.audit;

  /**
   * Whether a kept answer may be served to `caller`: its personal data is recorded for this caller
   * first, as an executed answer's would be. When it cannot be (no purpose where one is required,
   * the store down), the request executes instead and gets the usual per-field refusals.
   */
  const auditedHit = async (kept: KeptResponse, caller: Caller, req: IncomingMessage, locals: RequestLocals): Promise<boolean> => {
    if (!audit || kept.accessed.length === 0) return true;
    const access = accessRecord(audit, caller, "http", locals.requestId, purposeHeader(req) || undefined);
    if (access.gate() !== undefined) return false;
    access.replay(kept.accessed);
    try {
      await audit.store.append(access.events(new Date(), kept.operationName ?? null));
      return true;
    } catch {
      return false;
    }
  };
  const apollo = createApolloServer(schema, {
    introspection: options.introspection,
    landingFallback: options.landingFallback,
    limits: options.limits,
    plugins: options.plugins,
    // No cache may learn a document a trusted documents list does not hold: ids resolve from the list (admit.ts).
    apq: trustedDocuments === undefined,
  });

  return {
    apollo,
    authenticate,
    async http({ req, body, search, locals, signal, caller: known }) {
      const admitted = admitHttpRequest(trustedDocuments, req.method ?? "GET", body, search);
      if (!admitted.ok) return admitted;
      if (purposeHeader(req) === false) return purposeTooLong();
      // A POST's caller is known here (authenticated before its body was read); only POSTs are kept.
      const key = responses && known && responseKey(req, admitted.body, known);
      if (key) {
        const kept = responses!.get(key, known!);
        if (kept && (await auditedHit(kept, known!, req, locals))) {
          locals.graphql = { operationName: kept.operationName, operationType: "query", codes: [], responseCache: "hit" };
          return kept.response;
        }
      }
      const since = responses?.begin() ?? 0;
      let context: HttpOperationContext | undefined;
      let unauthenticated = false;
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
      }
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? "GET", headers, search: admitted.search, body: admitted.body },
        context: async () => {
          let caller = known;
          try {
            caller ??= await authenticate(req.headers.authorization);
          } catch {
            unauthenticated = true;
            throw unauthenticatedOverHttp();
          }
          return (context = httpContext(options.context, caller, req, locals, signal));
        },
      });
      if (unauthenticated && options.recordUnauthenticated) {
        const params = operationParams(req.method ?? "GET", admitted.body, admitted.search);
        await options.recordUnauthenticated({ transport: "http", requestId: locals.requestId, ...params });
      }
      const answer = key ? keepable(response, context, locals) : undefined;
      if (answer) responses!.keep(key!, answer, since);
      return response;
    },
    async subscribe(payload, connection, locals) {
      const admitted = admitSocketRequest(trustedDocuments, payload);
      if (!admitted.ok) {
        locals.graphql = { codes: [admitted.code] };
        return { ok: false, errors: [{ message: admitted.message, extensions: { code: admitted.code } }], unauthenticated: false };
      }
      if (purposeHeader(connection.request) === false) {
        locals.graphql = { codes: [ErrorCode.BAD_USER_INPUT] };
        return { ok: false, errors: [{ message: Explain.purposeTooLong(MAX_PURPOSE_LENGTH), extensions: { code: ErrorCode.BAD_USER_INPUT } }], unauthenticated: false };
      }
      let caller: Caller;
      try {
        caller = await authenticate(connection.credential);
      } catch {
        locals.graphql = { codes: [ErrorCode.UNAUTHENTICATED] };
        await options.recordUnauthenticated?.({ transport: "websocket", requestId: locals.requestId, query: admitted.query, operationName: payload.operationName, variables: payload.variables });
        return { ok: false, errors: [{ message: messageFor(ErrorCode.UNAUTHENTICATED), extensions: { code: ErrorCode.UNAUTHENTICATED } }], unauthenticated: true };
      }
      const context = socketContext(options.context, caller, connection, locals);
      let errors: readonly GraphQLFormattedError[] | undefined;
      try {
        const response = await apollo.executeOperation(
          { query: admitted.query, operationName: payload.operationName ?? undefined, variables: payload.variables ?? undefined, extensions: admitted.extensions },
          { contextValue: context },
        );
        errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
      } catch {
        // A plugin that failed outside Apollo's own error handling: refused like any internal error, never a dropped socket.
        errors = undefined;
        context.slot.prepared = undefined;
      }
      const prepared = context.slot.prepared;
      if (errors?.length || !prepared) {
        return { ok: false, errors: errors ?? [{ message: messageFor(ErrorCode.INTERNAL_SERVER_ERROR), extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }], unauthenticated: false };
      }
      return {
        ok: true,
        args: { schema, document: prepared.document, operationName: prepared.operationName, variableValues: prepared.variables, contextValue: context },
      };
    },
    start: () => apollo.start(),
    stop: () => apollo.stop(),
  };
}
