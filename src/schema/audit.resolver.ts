import { Arg, Authorized, Ctx, ID, Info, Int, Query, Resolver } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { responsePathAsArray } from "graphql";
import type { AuditEvent } from "../audit/audit-event.js";
import { AuditUnavailableError } from "../audit/audit-store.js";
import { codedError } from "../errors/coded-error.js";
import { ErrorCode } from "../errors/error-codes.js";
import { Explain } from "../errors/explain.js";
import { Scope } from "./auth-checker.js";
import { AuditEventConnection, type AuditEventType } from "./audit-event.type.js";
import { DateTimeScalar } from "./date-time.scalar.js";
import type { ResolverContext } from "./resolver-context.js";

/** Most events one page may hold. */
export const MAX_AUDIT_PAGE = 500;
const CURSOR_PREFIX = "seq:";

/** The opaque cursor of an event: its place in the chain. */
export function auditCursor(seq: string): string {
  return Buffer.from(CURSOR_PREFIX + seq).toString("base64url");
}

/** The seq a cursor names; BAD_USER_INPUT for anything this gateway did not hand out. */
function seqOf(cursor: string): string {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith(CURSOR_PREFIX) || !/^\d{1,19}$/.test(text.slice(CURSOR_PREFIX.length)) || auditCursor(text.slice(CURSOR_PREFIX.length)) !== cursor) {
    throw codedError(ErrorCode.BAD_USER_INPUT, Explain.auditCursor);
  }
  return text.slice(CURSOR_PREFIX.length);
}

function toNode(event: AuditEvent): AuditEventType {
  return { ...event, at: event.at.toISOString(), coordinates: [...event.coordinates], refused: [...event.refused], mediaIds: [...event.mediaIds] };
}

@Resolver()
export class AuditResolver {
  @Authorized(Scope.AUDIT_READ)
  @Query(() => AuditEventConnection, {
    nullable: true,
    description: "The audit trail of personal-data reads, newest first (needs `audit:read`). Reading it is itself recorded.",
  })
  async auditEvents(
    @Arg("sessionId", () => ID, { nullable: true }) sessionId: string | null | undefined,
    @Arg("caller", () => String, { nullable: true, description: "API key name or JWT subject as recorded (e.g. jwt:alice)." }) caller: string | null | undefined,
    @Arg("from", () => DateTimeScalar, { nullable: true, description: "Inclusive." }) from: string | null | undefined,
    @Arg("to", () => DateTimeScalar, { nullable: true, description: "Exclusive." }) to: string | null | undefined,
    @Arg("first", () => Int, { nullable: true, description: `Page size, 1 to ${MAX_AUDIT_PAGE} (default 20).` }) first: number | null | undefined,
    @Arg("after", () => String, { nullable: true, description: "The endCursor of the previous page." }) after: string | null | undefined,
    @Ctx() ctx: ResolverContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AuditEventConnection> {
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 1 || size > MAX_AUDIT_PAGE) throw codedError(ErrorCode.BAD_USER_INPUT, Explain.auditPageSize(MAX_AUDIT_PAGE));
    const trail = ctx.auditTrail;
    if (!trail) throw codedError(ErrorCode.AUDIT_UNAVAILABLE);
    let page;
    try {
      page = await trail.list({
        sessionId: sessionId?.toLowerCase() ?? undefined,
        caller: caller ?? undefined,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
        first: size,
        beforeSeq: after ? seqOf(after) : undefined,
      });
    } catch (error) {
      if (error instanceof AuditUnavailableError) throw codedError(ErrorCode.AUDIT_UNAVAILABLE);
      throw error;
    }
    // Reading the trail is a read like any other: the pipeline records it before the answer leaves.
    ctx.access.read(sessionId?.toLowerCase() ?? null, "Query.auditEvents", responsePathAsArray(info.path));
    const edges = page.events.map((event) => ({ cursor: auditCursor(event.seq), node: toNode(event) }));
    return { edges, count: edges.length, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
