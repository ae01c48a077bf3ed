// Hostile requests, a few every second: each must be refused with a 4xx (or, where the gateway documents it,
// a 200 whose body carries a coded GraphQL error), never a 5xx, never a reset, never a replica down.
import { setTimeout as sleep } from "node:timers/promises";
import { gql } from "./operations.js";
import type { Ask } from "./http-client.js";
import type { Expectation, Traffic } from "./traffic.js";

/** One kind of hostile request and the answers it may get. */
interface HostileKind {
  readonly name: string;
  readonly ask: Ask;
  /** Statuses that are a correct refusal. */
  readonly statuses: readonly number[];
}

/** Codes that admit a gateway bug (its own error table) or no code at all: never a correct refusal. */
const BUG_CODES = new Set(["INTERNAL_SERVER_ERROR", "UNCODED"]);

/** A refusal: an allowed status, no bug code, and with a 200 at least one coded error. */
function refusal(kind: HostileKind): Expectation {
  return (x) => {
    if (x.error) return { ok: false, mismatch: x.error };
    if (!kind.statuses.includes(x.status ?? 0)) return { ok: false, mismatch: `status ${x.status}` };
    let codes: string[] = [];
    try {
      const json = JSON.parse(x.body.toString("utf8")) as { errors?: { extensions?: { code?: unknown } }[] };
      codes = (json.errors ?? []).map((e) => String(e.extensions?.code ?? "UNCODED"));
    } catch {
      if (x.status === 200) return { ok: false, mismatch: "200 without a JSON body" };
    }
    const bug = codes.find((c) => BUG_CODES.has(c));
    if (bug) return { ok: false, mismatch: `${x.status} ${bug}` };
    if (x.status === 200 && codes.length === 0) return { ok: false, mismatch: "200 without an error" };
    return { ok: true };
  };
}

/** Check.resources -> Resource.tasks -> Task.checks -> Check...: a valid cycle, nested past GATEWAY_MAX_DEPTH (16). */
function deepQuery(levels: number): string {
  let inner = "id";
  for (let i = 0; i < levels; i++) inner = `resources { tasks { checks { ${inner} } } }`;
  return `query Deep($id: ID!) { session(id: $id) { checks { ${inner} } } }`;
}

/** Every plain hostile kind (federation's malformed `_entities` lists are in ENTITY_KINDS). */
function plainKinds(apiKey: string, sessionId: string): HostileKind[] {
  const json = { "content-type": "application/json" };
  const auth = { ...json, authorization: `Bearer ${apiKey}` };
  const simple = gql("query One($id: ID!) { session(id: $id) { id state } }", { id: sessionId });
  const post = (headers: Record<string, string>, body: string): Ask => ({ method: "POST", path: "/graphql", headers, body });
  return [
    { name: "no token", ask: post(json, simple), statuses: [401] },
    { name: "bad token", ask: post({ ...json, authorization: `Bearer ${apiKey}x` }, simple), statuses: [401] },
    { name: "too deep", ask: post(auth, gql(deepQuery(6), { id: sessionId })), statuses: [400] },
    // Aliases of a real field: graphql-armor's alias limit does not count `__typename` aliases (cheap, and bounded by the token limit).
    { name: "200 aliases", ask: post(auth, gql(`query Many { ${Array.from({ length: 200 }, (_, i) => `a${i}: sessions(ids: []) { id }`).join(" ")} }`)), statuses: [400] },
    { name: "bad variable", ask: post(auth, gql("query One($id: ID!) { session(id: $id) { id } }", { id: { not: "an id" } })), statuses: [400] },
    { name: "unknown route", ask: { method: "GET", path: "/wp-admin/setup.php", headers: { authorization: `Bearer ${apiKey}` } }, statuses: [404] },
    { name: "not JSON", ask: post(auth, "{ session(id: "), statuses: [400] },
    { name: "batch", ask: post(auth, `[${simple},${simple}]`), statuses: [400] },
    { name: "subscription over HTTP", ask: post(auth, gql("subscription S($id: ID!) { sessionUpdated(id: $id) { topic } }", { id: sessionId })), statuses: [400] },
  ];
}

/** Malformed representation lists for `_entities` (GATEWAY_FEDERATION=true); a field error (200) or a 400 is a correct answer. */
function entityKinds(apiKey: string): HostileKind[] {
  const auth = { "content-type": "application/json", authorization: `Bearer ${apiKey}` };
  const query = "query E($r: [_Any!]!) { _entities(representations: $r) { ... on Session { id state } } }";
  const lists: [string, unknown[]][] = [
    ["_entities Session without id + unknown typename", [{ __typename: "Session" }, { __typename: "Nope" }]],
    ["_entities unknown typename", [{ __typename: "Nope" }]],
    ["_entities empty object", [{}]],
    ["_entities numeric id", [{ __typename: "Session", id: 123 }]],
    ["_entities id not a UUID", [{ __typename: "Session", id: "../../etc/passwd" }]],
  ];
  return lists.map(([name, r]) => ({ name, ask: { method: "POST", path: "/graphql", headers: auth, body: gql(query, { r }) }, statuses: [200, 400] }));
}

/** What the hostile sender needs. */
export interface HostileContext {
  readonly traffic: Traffic;
  readonly apiKey: string;
  readonly sessionId: string;
  readonly perSecond: number;
  readonly entitiesEveryMs: number;
}

/** Sends hostile requests until `stopped()`: `perSecond` plain ones in rotation, and a malformed `_entities` list every `entitiesEveryMs`. */
export async function runHostile(ctx: HostileContext, stopped: () => boolean): Promise<void> {
  const plain = plainKinds(ctx.apiKey, ctx.sessionId);
  const entities = entityKinds(ctx.apiKey);
  const send = (kind: HostileKind) => ctx.traffic.send("hostile", kind.name, kind.ask, refusal(kind));
  const plainLoop = async () => {
    for (let i = 0; !stopped(); i++) {
      await send(plain[i % plain.length]!);
      await sleep(1_000 / ctx.perSecond);
    }
  };
  const entityLoop = async () => {
    for (let i = 0; !stopped(); i++) {
      await sleep(ctx.entitiesEveryMs);
      if (!stopped()) await send(entities[i % entities.length]!);
    }
  };
  await Promise.all([plainLoop(), entityLoop()]);
}
