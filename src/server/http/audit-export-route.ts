import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuditCheckpoint } from "../../audit/audit-checkpoint.js";
import { MAX_PURPOSE_LENGTH, type AuditEvent } from "../../audit/audit-event.js";
import { Scope } from "../../config/security-config.js";
import { ErrorCode, httpStatusFor, messageFor } from "../../errors/error-codes.js";
import { Explain } from "../../errors/explain.js";
import type { Caller } from "../../schema/resolver-context.js";
import { auditCaller, purposeHeader, standaloneEvent, type AuditOptions } from "../graphql/operation-access.js";
import { graphqlErrorBody, sendJson } from "./http-errors.js";

/** Where the audit trail is exported. */
export const AUDIT_EXPORT_PATH = "/audit/export";

/** What the export route needs. */
export interface AuditExportOptions {
  readonly audit: AuditOptions;
  readonly authenticate: (credential: string | undefined) => Promise<Caller>;
  /** One event as an export line (the verifier reads the same shape back). */
  readonly line: (event: AuditEvent) => string;
  /** The first line of an export from the chain's start: the retention checkpoint it starts from. */
  readonly header: (checkpoint: AuditCheckpoint) => string;
}

/** An optional ISO-8601 bound; undefined when absent, null when malformed. */
function bound(params: URLSearchParams, name: "from" | "to"): Date | undefined | null {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(raw) ? null : new Date(ms);
}

/**
 * GET /audit/export?from=&to=: the audit events in [from, to) as JSON Lines, oldest first, with
 * their chain fields, for a caller with `audit:read` (`npm run audit:verify -- --file` checks the
 * file). Streamed a page at a time with backpressure, never held whole. The export is itself an
 * audit event, durable before the first line leaves.
 */
export function auditExportRoute(options: AuditExportOptions) {
  const { audit } = options;
  return async (req: IncomingMessage, res: ServerResponse, search: string, requestId: string): Promise<void> => {
    let caller: Caller;
    try {
      caller = await options.authenticate(req.headers.authorization);
    } catch {
      sendJson(res, 401, graphqlErrorBody(messageFor(ErrorCode.UNAUTHENTICATED), ErrorCode.UNAUTHENTICATED), { "www-authenticate": "Bearer" });
      return;
    }
    if (!caller.scopes.has(Scope.AUDIT_READ)) {
      sendJson(res, 403, graphqlErrorBody(Explain.missingScope(Scope.AUDIT_READ), ErrorCode.FORBIDDEN));
      return;
    }
    const params = new URLSearchParams(search);
    const from = bound(params, "from");
    const to = bound(params, "to");
    const purpose = purposeHeader(req);
    if (from === null || to === null) {
      sendJson(res, 400, graphqlErrorBody(Explain.auditRange, ErrorCode.BAD_USER_INPUT));
      return;
    }
    if (purpose === false) {
      sendJson(res, 400, graphqlErrorBody(Explain.purposeTooLong(MAX_PURPOSE_LENGTH), ErrorCode.BAD_USER_INPUT));
      return;
    }
    try {
      await audit.store.append([
        standaloneEvent({ ...auditCaller(caller), transport: "export", requestId, sessionId: null, purpose: purpose ?? caller.purpose ?? null, outcome: "ANSWERED" }),
      ]);
    } catch {
      sendJson(res, httpStatusFor(ErrorCode.AUDIT_UNAVAILABLE), graphqlErrorBody(messageFor(ErrorCode.AUDIT_UNAVAILABLE), ErrorCode.AUDIT_UNAVAILABLE));
      return;
    }
    const events = audit.store.stream({ from, to })[Symbol.asyncIterator]();
    let first: IteratorResult<AuditEvent>;
    let header: string | undefined;
    try {
      // From the chain's start, the file verifies on its own from the checkpoint; a later range from its first event.
      if (from === undefined) header = options.header(await audit.store.checkpoint());
      first = await events.next();
    } catch {
      sendJson(res, httpStatusFor(ErrorCode.AUDIT_UNAVAILABLE), graphqlErrorBody(messageFor(ErrorCode.AUDIT_UNAVAILABLE), ErrorCode.AUDIT_UNAVAILABLE));
      return;
    }
    res.writeHead(200, {
      "content-type": "application/jsonl; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "content-disposition": 'attachment; filename="audit-export.jsonl"',
    });
    try {
      if (header !== undefined) res.write(header + "\n");
      for (let next = first; !next.done; next = await events.next()) {
        if (res.destroyed) break;
        if (!res.write(options.line(next.value) + "\n")) await once(res, "drain");
      }
      res.end();
    } catch {
      // Headers are gone: an unfinished chunked body is how the client learns the export is incomplete.
      res.destroy();
    } finally {
      await events.return?.();
    }
  };
}
