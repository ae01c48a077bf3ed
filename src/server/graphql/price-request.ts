import { getNullableType, isListType, valueFromASTUntyped, visit, type DocumentNode, type FieldNode, type GraphQLSchema } from "graphql";
import { createRequire } from "node:module";
import type * as QueryComplexity from "graphql-query-complexity";

// The package's ESM build imports graphql's .mjs files, a second copy of graphql beside the CommonJS one
// the schema is built with ("another module or realm"); its CommonJS build shares graphql with everyone.
const { getComplexity, simpleEstimator } = createRequire(import.meta.url)("graphql-query-complexity") as typeof QueryComplexity;
type ComplexityEstimator = QueryComplexity.ComplexityEstimator;

/** The root fields that read sessions, and the argument holding their ids (`_entities` holds representations). */
const SESSION_ROOTS: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  session: "id",
  sessions: "ids",
  sessionUpdated: "id",
  _entities: "representations",
});

/**
 * Lists inside a session (checks, resources, tasks, frames) have upstream-given lengths; each is
 * priced as two items, so that edge cycles (checks -> resources -> tasks -> checks ...) multiply
 * their price as they multiply their answer.
 */
const LIST_FACTOR = 2;

/**
 * Lists whose real length is far from two, by `Type.field`: Yoti's supported documents list about
 * 200 countries with a few documents each, and a session's device events run to about ten. The
 * configuration's own lists (requested checks, required resources, sources, tasks) are short and
 * priced as two items like the session's.
 */
export const LIST_FACTORS: ReadonlyMap<string, number> = new Map([
  ["SupportedDocuments.supportedCountries", 200],
  ["SupportedCountry.supportedDocuments", 5],
  ["Session.trackedDevices", 10],
]);

const listsByFactor: ComplexityEstimator = ({ type, field, childComplexity }) =>
  isListType(getNullableType(field.type)) ? 1 + (LIST_FACTORS.get(`${type.name}.${field.name}`) ?? LIST_FACTOR) * childComplexity : undefined;
const fieldsByOne = simpleEstimator({ defaultComplexity: 1 });

/** What an operation costs and which sessions it names. */
export interface Price {
  readonly cost: number;
  /** Distinct session ids, lower-case. */
  readonly sessionIds: ReadonlySet<string>;
}

/** One root read in a document: where its ids come from and what one id's selection costs. */
interface RootRead {
  readonly node: FieldNode;
  readonly argument: string;
  readonly entities: boolean;
  readonly child: number;
}

/** A document's price with its root reads left open: only their ids change between requests. */
interface Plan {
  readonly base: number;
  readonly reads: readonly RootRead[];
}

/** Adds what one root read's argument value names, and returns how many items it reads. */
function addIds(value: unknown, entities: boolean, ids: Set<string>): number {
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) {
    if (entities) {
      const { __typename, id } = (item ?? {}) as { __typename?: unknown; id?: unknown };
      if (__typename === "Session" && typeof id === "string") ids.add(id.toLowerCase());
    } else if (typeof item === "string") ids.add(item.toLowerCase());
  }
  return list.length;
}

// @skip/@include decide with variables which fields count: such documents are priced afresh every time.
function hasConditionalDirectives(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value === "skip" || node.name.value === "include") found = true;
    },
  });
  return found;
}

const plans = new WeakMap<DocumentNode, Map<string, Plan | null>>();

/**
 * Prices one operation with its variables: one per field, lists as two items, and each root read
 * (`session`, `sessions(ids:)`, `sessionUpdated`, `_entities`) once per id it names, since each id
 * is answered in full. graphql-query-complexity walks the document once; Apollo hands back the same
 * document object for the same text, so later requests only re-read the root reads' ids.
 * Throws when the variables do not fit the operation.
 */
export function priceOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown> | undefined): Price {
  const byName = plans.get(document);
  const cached = byName?.get(operationName ?? "");
  if (cached) {
    const ids = new Set<string>();
    let cost = cached.base;
    for (const read of cached.reads) {
      const arg = read.node.arguments?.find((a) => a.name.value === read.argument);
      const value = arg === undefined ? undefined : valueFromASTUntyped(arg.value, variables ?? {});
      cost += addIds(value, read.entities, ids) * (1 + read.child);
    }
    return { cost, sessionIds: ids };
  }
  const ids = new Set<string>();
  const reads: RootRead[] = [];
  let open = 0;
  const rootReads: ComplexityEstimator = ({ type, field, node, args, childComplexity }) => {
    const argument = type === schema.getQueryType() || type === schema.getSubscriptionType() ? SESSION_ROOTS[field.name] : undefined;
    if (argument === undefined) return undefined;
    const entities = field.name === "_entities";
    const price = addIds(args[argument], entities, ids) * (1 + childComplexity);
    reads.push({ node, argument, entities, child: childComplexity });
    open += price;
    return price;
  };
  const cost = getComplexity({ schema, query: document, variables, operationName, estimators: [rootReads, listsByFactor, fieldsByOne] });
  const cacheable = !hasConditionalDirectives(document);
  const map = byName ?? new Map<string, Plan | null>();
  map.set(operationName ?? "", cacheable ? { base: cost - open, reads } : null);
  if (!byName) plans.set(document, map);
  return { cost, sessionIds: ids };
}
