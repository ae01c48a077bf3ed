import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { ErrorCode } from "../../src/errors/error-codes.js";
import { demoSession } from "../support/demo-data.js";
import { LISTENING, SPAWN_TIMEOUT, spawnGateway, type GatewayProcess } from "../support/gateway-process.js";
import { startStack, type Stack } from "../support/stack.js";

const approved = demoSession("approved").session_id as string;
const rejected = demoSession("rejected").session_id as string;
const ENTITIES = "query ($r: [_Any!]!) { _entities(representations: $r) { ... on Session { id state } } }";

type Body = { data?: { _entities?: unknown[] } | null; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[] };

/** Every code an answer may carry: the gateway's own and Apollo's request errors. */
const KNOWN_CODES = new Set<string>([...Object.values(ErrorCode), "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_REQUEST"]);

async function entities(url: string, representations: unknown): Promise<{ status: number; body: Body }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: ENTITIES, variables: { r: representations } }) });
  return { status: res.status, body: (await res.json()) as Body };
}

describe.each([
  ["without the session cache", {}],
  ["with the session cache", { cache: { ttlSeconds: 30 } }],
])("_entities on a federated gateway, %s", (_name, overrides) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ server: { federation: true }, ...overrides });
  });
  afterAll(() => stack?.close());

  it("an unknown typename beside a Session is an error at its own index; the process goes on", async () => {
    const mixed = await entities(stack.gateway.url, [{ __typename: "Session" }, { __typename: "Nope" }]);
    expect(mixed.status).toBe(200);
    expect(mixed.body.data?._entities).toEqual([null, null]);
    expect(mixed.body.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([
      ["_entities.0", "BAD_USER_INPUT"],
      ["_entities.1", "BAD_USER_INPUT"],
    ]);
    // A real session before a misspelt typename: the session resolves, the typo is refused.
    const typo = await entities(stack.gateway.url, [{ __typename: "Session", id: approved }, { __typename: "Sesion", id: randomUUID() }, "Session", [{ __typename: "Session", id: rejected }]]);
    expect(typo.status).toBe(200);
    expect(typo.body.data?._entities).toEqual([{ id: approved, state: "COMPLETED" }, null, null, null]);
    expect(typo.body.errors?.map((e) => [e.path?.join("."), e.extensions?.code, e.message])).toEqual([
      ["_entities.1", "BAD_USER_INPUT", 'A representation must be an object whose __typename is "Session"'],
      ["_entities.2", "BAD_USER_INPUT", 'A representation must be an object whose __typename is "Session"'],
      ["_entities.3", "BAD_USER_INPUT", 'A representation must be an object whose __typename is "Session"'],
    ]);
    // Still serving.
    const again = await entities(stack.gateway.url, [{ __typename: "Session", id: rejected }]);
    expect(again.body).toEqual({ data: { _entities: [{ id: rejected, state: "COMPLETED" }] } });
  });

  it("the same finished session twice in a row resolves both times (a cached body is frozen: nothing is written onto it)", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await entities(stack.gateway.url, [{ __typename: "Session", id: approved }, { __typename: "Session", id: approved.toUpperCase() }]);
      expect(res.body).toEqual({ data: { _entities: [{ id: approved, state: "COMPLETED" }, { id: approved, state: "COMPLETED" }] } });
    }
    const typed = await stack.post(JSON.stringify({ query: "query ($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Session { id } } }", variables: { r: [{ __typename: "Session", id: approved }] } }));
    expect(typed.json).toEqual({ data: { _entities: [{ __typename: "Session", id: approved }] } });
  });

  it("an oversized list is refused by the request budget before any upstream call", async () => {
    stack.emulator.resetStats();
    // Each representation is priced in full (1 + its selection), so 7,000 of them are over GATEWAY_MAX_COST.
    const res = await entities(stack.gateway.url, Array.from({ length: 7_000 }, () => 0));
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([["BAD_USER_INPUT", "Query cost 21000 is over the limit of 20000 (GATEWAY_MAX_COST)"]]);
    expect(stack.emulator.stats().total).toBe(0);
  });
});

/** A representation as a careless or hostile caller might send it. */
const representation = fc.oneof(
  fc.record(
    {
      __typename: fc.oneof(fc.constantFrom("Session", "Nope", "session", "_Entity", "Query", "__proto__", "constructor", ""), fc.string(), fc.integer(), fc.constant(null)),
      id: fc.oneof(fc.constantFrom(approved, rejected, approved.toUpperCase()), fc.uuid(), fc.string(), fc.integer(), fc.constant(null), fc.array(fc.uuid(), { maxLength: 3 }), fc.object({ maxDepth: 3 })),
    },
    { requiredKeys: [] },
  ),
  fc.object({ maxDepth: 4 }),
  fc.string(),
  fc.integer(),
  fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 4 }),
);

describe.each([
  ["without the session cache", {}],
  ["with the session cache", { GATEWAY_CACHE_TTL_SECONDS: "30" }],
])("random representation lists against a federated gateway process, %s", (_name, env) => {
  let emulator: Emulator;
  let gateway: GatewayProcess;
  let url: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    gateway = spawnGateway({ GATEWAY_FEDERATION: "true", YOTI_CLIENT_SDK_ID: emulator.sdkId, YOTI_KEY_FILE_PATH: emulator.keyFile, YOTI_IDV_API_URL: emulator.baseUrl, ...env });
    [, url] = (await gateway.waitFor(LISTENING)) as unknown as [string, string];
  }, SPAWN_TIMEOUT);
  afterAll(async () => {
    gateway?.proc.kill("SIGKILL");
    await emulator?.close();
  });

  it("answers every list with data or coded errors, never a 5xx, and the process stays up", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(representation, { maxLength: 40 }), async (list) => {
        const { status, body } = await entities(url, list);
        expect([200, 400]).toContain(status);
        expect(body.data !== undefined || (body.errors?.length ?? 0) > 0).toBe(true);
        for (const error of body.errors ?? []) expect(KNOWN_CODES).toContain(error.extensions?.code);
        if (status === 200) expect(body.data?._entities).toHaveLength(list.length);
        expect(gateway.running()).toBe(true);
      }),
      { numRuns: 80 },
    );
    // Whatever came before, the process is alive and serves a plain read.
    const ok = await entities(url, [{ __typename: "Session", id: approved }]);
    expect(ok.body).toEqual({ data: { _entities: [{ id: approved, state: "COMPLETED" }] } });
    expect(gateway.running()).toBe(true);
    expect(gateway.err()).toBe("");
  }, 60_000);
});
