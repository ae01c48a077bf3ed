import type { AccessRecord, AnswerPath } from "../../audit/access-record.js";
import type { AuditTransport } from "../../audit/audit-event.js";
import { ErrorCode, messageFor } from "../../errors/error-codes.js";
import type { AuditOptions } from "./operation-access.js";

/** An answer as the audit step may edit it: data, and errors in their sent (formatted) shape. */
export interface EditableAnswer {
  data?: Record<string, unknown> | null;
  errors?: readonly unknown[];
}

/** Sets the value at `path` in `data` to null, when the path is still there. */
function nullAt(data: Record<string, unknown>, path: AnswerPath): void {
  let node: unknown = data;
  for (let i = 0; i < path.length - 1; i++) {
    if (typeof node !== "object" || node === null) return;
    node = (node as Record<string | number, unknown>)[path[i]!];
  }
  if (typeof node === "object" && node !== null) (node as Record<string | number, unknown>)[path[path.length - 1]!] = null;
}

/**
 * The pipeline's audit step, for every transport that answers GraphQL: makes this operation's
 * events durable before its answer leaves. When the store cannot take them, every personal value
 * in the answer becomes null with an AUDIT_UNAVAILABLE error at its path, and the rest is sent.
 * Returns the error objects added (`makeError` builds them in the transport's shape).
 */
export async function auditAnswer<E>(
  audit: AuditOptions | undefined,
  access: AccessRecord,
  operationName: string | null,
  answer: EditableAnswer,
  makeError: (message: string, path: AnswerPath, code: ErrorCode) => E,
  transport?: AuditTransport,
): Promise<E[]> {
  if (!audit || access.empty) return [];
  try {
    await audit.store.append(access.events(new Date(), operationName, transport));
    return [];
  } catch {
    const added: E[] = [];
    for (const path of access.paths) {
      if (answer.data) nullAt(answer.data, path);
      added.push(makeError(messageFor(ErrorCode.AUDIT_UNAVAILABLE), path, ErrorCode.AUDIT_UNAVAILABLE));
    }
    return added;
  }
}
