import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyEntry } from "../support/tokens.js";
import { createMediaTokens } from "../../src/server/http/media-token.js";
import { ErrorCode, messageFor } from "../../src/errors/error-codes.js";
import { isKnownMessage } from "../support/error-vocabulary.js";
import { demoSession } from "../support/demo-data.js";
import { startStack, type Stack } from "../support/stack.js";

const approved = demoSession("approved").session_id as string;
const mediaId = demoSession("approved").resources.id_documents[0].pages[0].media.id as string;
const KEY = `k_${randomUUID()}`;
const READER = `r_${randomUUID()}`;

interface Answer {
  status: number;
  headers: Headers;
  errors: { code: string; message: string }[];
}

/** Every error an answer carries, in either shape: GraphQL `errors[]` or the media route's `{error}`. */
async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: { errors?: { message: string; extensions?: { code?: string } }[]; error?: { code: string; message: string } } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // not JSON: no errors to check
  }
  const errors = [...(json.errors ?? []).map((e) => ({ code: String(e.extensions?.code), message: e.message })), ...(json.error ? [json.error] : [])];
  return { status: res.status, headers: res.headers, errors };
}

describe("every error answer carries its code's fixed message (or one of the catalogued explanations)", () => {
  let stack: Stack;
  const seen: { code: string; message: string; where: string }[] = [];
  const gql = async (where: string, body: unknown, auth: string | undefined = KEY, raw?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(stack.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...headers },
      body: raw ?? JSON.stringify(body),
    });
    const a = await answer(res);
    seen.push(...a.errors.map((e) => ({ ...e, where })));
    return a;
  };
  const q = (id: string) => ({ query: "query($id: ID!) { session(id: $id) { id state clientSessionToken } }", variables: { id } });

  beforeAll(async () => {
    stack = await startStack({
      tuning: { retries: 0, deadlineMs: 1_500, timeoutMs: 500 },
      limits: { maxMediaPerRequest: 0, maxSessionsPerRequest: 3, maxCost: 2_000 },
      auth: {
        apiKeys: [
          apiKeyEntry("all", KEY, ["sessions:read", "pii:read", "media:read"]),
          apiKeyEntry("reader", READER, ["sessions:read"]),
        ],
      },
    });
  });
  afterAll(() => stack?.close());

  it("a workload that provokes every code the gateway owns", async () => {
    await gql("not a UUID", q("nope"));
    await gql("too many ids", { query: "query($ids: [ID!]!) { sessions(ids: $ids) { id } }", variables: { ids: Array.from({ length: 101 }, () => approved) } });
    await gql("session budget", { query: `{ ${[1, 2, 3, 4].map((i) => `a${i}: session(id: "${randomUUID()}") { id }`).join(" ")} }` });
    await gql("cost", { query: "query($ids: [ID!]!) { sessions(ids: $ids) { checks { resources { tasks { checks { id } } } } } }", variables: { ids: Array.from({ length: 90 }, () => approved) } });
    await gql("media budget", { query: `{ session(id: "${approved}") { resources { idDocuments { documentFields { values { fullName } } } } } }` });
    await gql("not found", q(randomUUID()));
    await gql("scope", q(approved), READER);
    await gql("unauthenticated", q(approved), undefined);
    await gql("unauthenticated, wrong key", q(approved), "wrong");
    for (const [status, fault] of [
      [400, { status: 400 }],
      [401, { status: 401 }],
      [429, { status: 429 }],
      [503, { status: 503 }],
      [0, { body: "{not json" }],
      [0, { reset: true }],
      [0, { delayMs: 5_000 }],
    ] as const) {
      const id = randomUUID();
      stack.emulator.setFault(id, fault);
      await gql(`fault ${status} ${JSON.stringify(fault)}`, q(id));
    }
    await gql("body not JSON", undefined, KEY, "{nope");
    await gql("body not UTF-8", undefined, KEY, Buffer.from([0x7b, 0xff, 0x7d]).toString("latin1"), { "content-type": "application/json; charset=utf-8" });
    await gql("compressed body", q(approved), KEY, undefined, { "content-encoding": "gzip" });
    const media = (token: string, method = "GET") => fetch(`${stack.gateway.url}media/${token}`, { method }).then(answer);
    const tokens = createMediaTokens(stack.media.secret, 60);
    for (const [where, a] of [
      ["media bad token", await media("garbage.token")],
      ["media not found", await media(tokens.sign({ sessionId: approved, mediaId: randomUUID() }))],
      ["media method", await media(tokens.sign({ sessionId: approved, mediaId }), "POST")],
      ["unknown route", await fetch(new URL("/nowhere", stack.gateway.url)).then(answer)],
    ] as const) {
      seen.push(...a.errors.map((e) => ({ ...e, where })));
    }
    const faulty = randomUUID();
    stack.emulator.setFault(faulty, { status: 500 });
    seen.push(...(await media(tokens.sign({ sessionId: faulty, mediaId }))).errors.map((e) => ({ ...e, where: "media 5xx" })));

    const ours = seen.filter((e) => (Object.values(ErrorCode) as string[]).includes(e.code));
    const codes = new Set(ours.map((e) => e.code));
    for (const code of ["BAD_USER_INPUT", "NOT_FOUND", "FORBIDDEN", "UNAUTHENTICATED", "UPSTREAM_BAD_REQUEST", "UPSTREAM_UNAUTHORIZED", "UPSTREAM_RATE_LIMITED", "UPSTREAM_UNAVAILABLE", "UPSTREAM_BAD_RESPONSE"]) {
      expect(codes, code).toContain(code);
    }
    const strays = ours.filter((e) => !isKnownMessage(e.code, e.message));
    expect(strays).toEqual([]);
    // Where an upstream outcome decided the error, the message is exactly the code's own.
    for (const e of ours.filter((x) => x.code.startsWith("UPSTREAM_") || x.code === "UNAUTHENTICATED")) expect(e.message).toBe(messageFor(e.code as ErrorCode));
  }, 60_000);
});
