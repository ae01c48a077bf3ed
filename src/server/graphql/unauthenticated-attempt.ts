import { getNamedType, isCompositeType, Kind, parse, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from "graphql";
import type { AuditEventInput } from "../../audit/audit-event.js";
import type { AuditStore } from "../../audit/audit-store.js";
import type { UnauthenticatedAttempt } from "./pipeline.js";
import { standaloneEvent } from "./operation-access.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Arguments that name sessions (`session(id:)`, `sessions(ids:)`, `auditEvents(sessionId:)`). */
const SESSION_ARGUMENTS = new Set(["id", "ids", "sessionId"]);
/** An unauthenticated document is parsed only to be described: bounded like the pipeline's own parse. */
const MAX_TOKENS = 5_000;
/**
 * Refusals of strangers recorded per second, at most (a burst of as many): anyone can send them, and
 * they must not be able to fill the audit store or crowd out the events of answered reads.
 */
const REFUSALS_PER_SECOND = 20;

/** The personal coordinates a document selects, and the session ids its arguments name (literal or by variable). */
export function personalSelection(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>, isPersonal: (coordinate: string) => boolean) {
  const coordinates = new Set<string>();
  const sessionIds = new Set<string>();
  const addId = (value: unknown) => {
    if (typeof value === "string" && UUID.test(value)) sessionIds.add(value.toLowerCase());
  };
  const typeInfo = new TypeInfo(schema);
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const chosen = operationName === undefined ? operations[0] : operations.find((o) => o.name?.value === operationName);
  if (!chosen) return { coordinates, sessionIds, operationName };
  // Fragments are visited wherever they are defined: an over-approximation is the safe side for a refusal's record.
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const definition of [chosen, ...fragments]) {
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          if (parent && isCompositeType(getNamedType(parent)) && isPersonal(`${parent.name}.${node.name.value}`)) coordinates.add(`${parent.name}.${node.name.value}`);
          for (const argument of node.arguments ?? []) {
            if (!SESSION_ARGUMENTS.has(argument.name.value)) continue;
            const value = argument.value;
            if (value.kind === Kind.STRING) {
              addId(value.value);
            } else if (value.kind === Kind.LIST) {
              for (const item of value.values) if (item.kind === Kind.STRING) addId(item.value);
            } else if (value.kind === Kind.VARIABLE) {
              const given = variables[value.name.value];
              for (const item of Array.isArray(given) ? given : [given]) addId(item);
            }
          }
        },
      }),
    );
  }
  return { coordinates, sessionIds, operationName: chosen.name?.value };
}

/**
 * Records an operation refused for want of credentials when it asked for personal data: one event
 * per session it named (or one with none), outcome UNAUTHENTICATED, the fields it asked for as
 * refused. Best effort: the refusal carries no personal data, so a store that is down loses nothing,
 * and past REFUSALS_PER_SECOND the excess is only counted.
 */
export function unauthenticatedRecorder(schema: GraphQLSchema, store: AuditStore, isPersonal: (coordinate: string) => boolean, onDropped: () => void = () => {}) {
  let tokens = REFUSALS_PER_SECOND;
  let refilled = Date.now();
  const admit = (): boolean => {
    const now = Date.now();
    tokens = Math.min(REFUSALS_PER_SECOND, tokens + ((now - refilled) / 1000) * REFUSALS_PER_SECOND);
    refilled = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  return async (attempt: UnauthenticatedAttempt): Promise<void> => {
    if (typeof attempt.query !== "string") return;
    let document: DocumentNode;
    try {
      document = parse(attempt.query, { maxTokens: MAX_TOKENS });
    } catch {
      return;
    }
    const operationName = typeof attempt.operationName === "string" ? attempt.operationName : undefined;
    const variables = typeof attempt.variables === "object" && attempt.variables !== null && !Array.isArray(attempt.variables) ? (attempt.variables as Record<string, unknown>) : {};
    const { coordinates, sessionIds, operationName: chosenName } = personalSelection(schema, document, operationName, variables, isPersonal);
    if (coordinates.size === 0) return;
    if (!admit()) {
      onDropped();
      return;
    }
    const at = new Date();
    const refused = [...coordinates].sort();
    const event = (sessionId: string | null): AuditEventInput =>
      standaloneEvent({ at, caller: null, issuer: null, transport: attempt.transport, operationName: chosenName?.slice(0, 64) ?? null, requestId: attempt.requestId, sessionId, refused, purpose: null, outcome: "UNAUTHENTICATED" });
    const events = sessionIds.size === 0 ? [event(null)] : [...sessionIds].sort().map(event);
    await store.append(events).catch(() => undefined);
  };
}
