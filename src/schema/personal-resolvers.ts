import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import type { PiiAccess } from "../audit/access-record.js";
import { Scope } from "../config/security-config.js";
import { codedError } from "../errors/coded-error.js";
import { ErrorCode } from "../errors/error-codes.js";
import { Explain } from "../errors/explain.js";
import { personalFields, type PersonalField } from "./personal-data.js";
import type { ResolverContext } from "./resolver-context.js";

type Resolve = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;

/** The session an object of this operation came from; null when unknowable (an object no loader linked), so recording never throws. */
function sessionIdOf(ctx: ResolverContext, source: unknown): string | null {
  return typeof source === "object" && source !== null ? (ctx.loaders.links.find(source)?.sessionId ?? null) : null;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/** What one caller sees of a field: `pii:read` fields follow the access record; others need their own scope, and are masked for `pii:masked` callers. */
function levelOf(field: PersonalField, ctx: ResolverContext): PiiAccess {
  const access = ctx.access.access;
  if (field.scope === Scope.PII_READ) return access;
  if (!ctx.caller.scopes.has(field.scope)) return "none";
  return access === "masked" ? "masked" : "full";
}

/** The refusal for this caller, or undefined to resolve: no access, an operation that withholds personal data, or a masked caller on a field with no mask. */
function refusalFor(field: PersonalField, level: PiiAccess, ctx: ResolverContext): { code: ErrorCode; message?: string } | undefined {
  if (level === "none") return { code: ErrorCode.FORBIDDEN, message: Explain.missingScope(field.scope) };
  const withheld = field.scope === Scope.PII_READ ? ctx.access.gate() : ctx.access.withheld;
  if (withheld !== undefined) return { code: withheld };
  if (level === "masked" && field.mask === undefined) return { code: ErrorCode.FORBIDDEN, message: Explain.noMaskedForm };
  return undefined;
}

/**
 * A personal field's resolve: refuses (and records the refusal) before anything is fetched, then
 * masks a non-null value for a masked caller and records it where it sits in the answer. Built once
 * per field; a call allocates nothing (but a continuation when the inner resolve is asynchronous):
 * the recorded path is graphql-js's own.
 */
function personalResolver(field: PersonalField, resolve: Resolve): Resolve {
  const { coordinate, mask, mediaLink } = field;
  const finish = (value: unknown, masked: boolean, source: unknown, ctx: ResolverContext, info: GraphQLResolveInfo): unknown => {
    // A byField object records nothing itself: its marked fields record what the answer carries.
    if (value === null || value === undefined || mask?.byField) return value;
    const shown = masked ? mask!.apply(value) : value;
    if (shown === null || shown === undefined) return shown;
    const sessionId = sessionIdOf(ctx, source);
    const mediaId = mediaLink ? (source as { id?: unknown }).id : undefined;
    // graphql-js's own path object: flattened only if the answer must be edited (audit-step.ts).
    if (sessionId !== null && typeof mediaId === "string") ctx.access.media(sessionId, mediaId, coordinate, info.path);
    else ctx.access.read(sessionId, coordinate, info.path, masked && mask?.whole !== true);
    return shown;
  };
  return (source, args, context, info) => {
    const ctx = context as ResolverContext;
    const level = levelOf(field, ctx);
    const refusal = refusalFor(field, level, ctx);
    if (refusal) {
      ctx.access.refused(sessionIdOf(ctx, source), coordinate, refusal.code);
      throw codedError(refusal.code, refusal.message);
    }
    const masked = level === "masked";
    const value = resolve(source, args, context, info);
    return isThenable(value) ? value.then((v) => finish(v, masked, source, ctx, info)) : finish(value, masked, source, ctx, info);
  };
}

/**
 * Puts every declared personal field (personal-data.ts) behind its guard: the last step of the
 * schema's tuning, so it wraps whatever resolve the earlier steps chose. Only personal fields are
 * wrapped. Returns the number of fields guarded; throws when a declaration names no object field.
 */
export function guardPersonalFields(schema: GraphQLSchema): number {
  const fields = personalFields();
  for (const field of fields) {
    const type = schema.getType(field.typeName);
    const target = isObjectType(type) ? type.getFields()[field.fieldName] : undefined;
    if (!target) throw new Error(`personal field ${field.coordinate} is not an object type's field in this schema`);
    target.resolve = personalResolver(field, (target.resolve as Resolve | undefined) ?? defaultFieldResolver);
  }
  return fields.length;
}
