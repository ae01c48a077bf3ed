import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CLOCK_TOLERANCE_SECONDS } from "../../src/server/graphql/authenticate.js";
import { parkedSession, startLiveStack, wsUrl } from "../support/live.js";
import type { Stack } from "../support/stack.js";
import { apiKeyEntry, createJwtIssuer, nowSeconds as now } from "../support/tokens.js";
import { until } from "../support/wait.js";

const issuer = createJwtIssuer({ subject: "parity" });
const KEY = `pk_${randomUUID()}`;
/** A token that lived five minutes up to `exp`. */
const jwt = (claims: Record<string, unknown>, exp = now() + 300) => issuer.sign({ ...claims, iat: exp - 300, exp });

/** What a caller is told, whatever the transport: the code and the message. */
interface Outcome {
  readonly code: unknown;
  readonly message: unknown;
}

/** One hostile request, as a query over HTTP and as the equivalent subscription over WebSocket (same cost, depth and aliases). */
interface Case {
  readonly name: string;
  readonly authorization?: () => Promise<string | undefined>;
  readonly query: string;
  readonly subscription: string;
  readonly variables?: (sessionId: string) => Record<string, unknown>;
}

const bearer = (token: string) => `Bearer ${token}`;

const CASES: Case[] = [
  {
    name: "no credentials",
    authorization: async () => undefined,
    query: `query($id: ID!) { session(id: $id) { id state } }`,
    subscription: `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { state } } }`,
  },
  {
    name: "an expired token",
    authorization: async () => bearer(await jwt({ scope: "sessions:read" }, now() - CLOCK_TOLERANCE_SECONDS - 5)),
    query: `query($id: ID!) { session(id: $id) { id state } }`,
    subscription: `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { state } } }`,
  },
  {
    name: "a token without the session in its grant",
    authorization: async () => bearer(await jwt({ scope: "sessions:read", idv_session_ids: [randomUUID()] })),
    query: `query($id: ID!) { session(id: $id) { id state } }`,
    subscription: `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { state } } }`,
  },
  {
    name: "a token without sessions:read",
    authorization: async () => bearer(await jwt({ scope: "media:read" })),
    query: `query($id: ID!) { session(id: $id) { id state } }`,
    subscription: `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { state } } }`,
  },
  {
    name: "a budget breach (cost)",
    query: `query($id: ID!) { session(id: $id) { id checks { id type state resources { id } } } }`,
    subscription: `subscription($id: ID!) { sessionUpdated(id: $id) { session { checks { id type state resources { id } } } } }`,
  },
  {
    name: "too deep",
    query: `query($id: ID!) { session(id: $id) { checks { resources { tasks { checks { id } } } } } }`,
    subscription: `subscription($id: ID!) { sessionUpdated(id: $id) { session { checks { resources { tasks { id } } } } } }`,
  },
  {
    name: "too many aliases",
    query: `query($id: ID!) { session(id: $id) { a: id b: state c: id d: state } }`,
    subscription: `subscription($id: ID!) { sessionUpdated(id: $id) { session { a: state b: state c: state d: state } } }`,
  },
  {
    name: "a bad variable",
    query: `query($id: ID!) { session(id: $id) { id state } }`,
    subscription: `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { state } } }`,
    variables: () => ({ id: { not: "an id" } }),
  },
  {
    name: "a malformed session id",
    query: `query($id: ID!) { session(id: $id) { id state } }`,
    subscription: `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { state } } }`,
    variables: () => ({ id: "not-a-uuid" }),
  },
  {
    name: "a document that does not parse",
    query: `query($id: ID!) { session(id: $id) { id `,
    subscription: `subscription($id: ID!) { sessionUpdated(id: $id) { topic `,
  },
];

/** The outcome of a query over HTTP: the first error's code and message. */
async function overHttp(stack: Stack, query: string, variables: Record<string, unknown>, authorization: string | undefined): Promise<Outcome> {
  const res = await stack.post(JSON.stringify({ query, variables }), authorization ? { authorization } : {});
  const error = (res.json as { errors?: { message: string; extensions?: { code?: string } }[] }).errors?.[0];
  return { code: error?.extensions?.code, message: error?.message };
}

/** The outcome of a subscribe over graphql-ws: its first error (an `error` message, or a `next` with errors), or the connection's refusal. */
async function overWebSocket(stack: Stack, subscription: string, variables: Record<string, unknown>, authorization: string | undefined): Promise<Outcome> {
  const ws = new WebSocket(wsUrl(stack.gateway.url), "graphql-transport-ws");
  const messages: any[] = [];
  let closed: { code: number; reason: string } | undefined;
  ws.on("message", (data) => messages.push(JSON.parse(String(data))));
  ws.on("close", (code, reason) => (closed = { code, reason: String(reason) }));
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  ws.send(JSON.stringify({ type: "connection_init", payload: authorization ? { authorization } : {} }));
  await until(() => closed !== undefined || messages.some((m) => m.type === "connection_ack"), "connection_ack or a close");
  try {
    // A credential refused at connection_init closes with 4401 and the same message a 401 carries.
    if (closed) return { code: closed.code === 4401 ? "UNAUTHENTICATED" : closed.code, message: closed.reason };
    ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: subscription, variables } }));
    await until(() => closed !== undefined || messages.some((m) => m.id === "1" && (m.type === "error" || m.payload?.errors)), "an answer");
    const answer = messages.find((m) => m.id === "1");
    const error = answer?.type === "error" ? answer.payload[0] : answer?.payload?.errors?.[0];
    return { code: error?.extensions?.code, message: error?.message };
  } finally {
    ws.close();
  }
}

describe("one pipeline: the same hostile input gets the same code and message over HTTP and WebSocket, and no upstream call", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startLiveStack({
      auth: {
        apiKeys: [apiKeyEntry("parity", KEY, ["sessions:read"])],
        jwt: issuer.authConfig(),
      },
      limits: { maxCost: 10, maxDepth: 5, maxAliases: 3 },
    });
  });
  afterAll(() => stack?.close());

  it.each(CASES)("$name", async ({ authorization, query, subscription, variables }) => {
    const sessionId = parkedSession(stack);
    const given = authorization ? await authorization() : bearer(KEY);
    const vars = variables?.(sessionId) ?? { id: sessionId };
    stack.emulator.resetStats();
    const http = await overHttp(stack, query, vars, given);
    const socket = await overWebSocket(stack, subscription, vars, given);
    expect(http.code).toBeTypeOf("string");
    expect(socket).toEqual(http);
    expect(stack.emulator.stats().total).toBe(0);
  });
});

describe("one pipeline with a trusted documents list", () => {
  it("an unlisted document is refused with the same code and message over both transports, before any upstream call", async () => {
    const stack = await startLiveStack({ server: { trustedDocuments: new Map() } });
    try {
      const sessionId = parkedSession(stack);
      stack.emulator.resetStats();
      const http = await overHttp(stack, `query($id: ID!) { session(id: $id) { id } }`, { id: sessionId }, undefined);
      const socket = await overWebSocket(stack, `subscription($id: ID!) { sessionUpdated(id: $id) { topic } }`, { id: sessionId }, undefined);
      expect(http).toEqual({ code: "PERSISTED_QUERY_NOT_IN_LIST", message: "Only trusted documents run here: send a document from the trusted documents list, or its id" });
      expect(socket).toEqual(http);
      expect(stack.emulator.stats().total).toBe(0);
    } finally {
      await stack.close();
    }
  });
});
