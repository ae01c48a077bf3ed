import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { emulatorUpstream } from "../../src/config/upstream-config.js";
import { startGateway, type RunningGateway } from "../../src/server/gateway.js";
import { createYotiClient } from "../../src/upstream/yoti-client.js";
import { SessionStateDocument, SessionStatesDocument } from "../generated/graphql.js";
import { demoSession } from "../support/demo-data.js";
import { DEFAULTS, testGatewayPieces } from "../support/gateway-options.js";
import { startStack, type Stack } from "../support/stack.js";
import { tempDir, writeRsaKeyFile } from "../support/temp-files.js";

const approved = demoSession("approved").session_id as string;
const rejected = demoSession("rejected").session_id as string;
const ongoing = demoSession("ongoing").session_id as string;
const TUNING = { ...DEFAULTS.upstream.tuning, timeoutMs: 400, deadlineMs: 900, retries: 1, maxConcurrency: 8 };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ tuning: TUNING });
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.emulator.clearFaults();
  stack.emulator.resetStats();
});

function codes(res: { errors?: { extensions?: { code?: string } }[] }): (string | undefined)[] {
  return (res.errors ?? []).map((e) => e.extensions?.code);
}

describe("error contract: one code per upstream outcome, field null, siblings unharmed", () => {
  it("BAD_USER_INPUT for a non-UUID id, with no upstream call at all", async () => {
    for (const id of ["nope", "", "x".repeat(10_000), "3fa85f64-5717-4562-b3fc-2c963f66afa6'--", "ünïcödé-🙂"]) {
      const res = await stack.query(SessionStateDocument, { id });
      expect(res.data?.session).toBeNull();
      expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
      expect(res.errors![0]!.message).not.toContain(id.slice(0, 20) || "\u0000");
    }
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("BAD_USER_INPUT for more than 100 ids, with no upstream call", async () => {
    const res = await stack.query(SessionStatesDocument, { ids: Array.from({ length: 101 }, () => approved) });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("NOT_FOUND for an unknown session: null field, the siblings resolve", async () => {
    const missing = randomUUID();
    const res = await stack.query(SessionStatesDocument, { ids: [approved, missing, "bad", rejected] });
    expect(res.data?.sessions.map((s) => s?.id ?? null)).toEqual([approved, null, null, rejected]);
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual(
      expect.arrayContaining([
        [["sessions", 1], "NOT_FOUND"],
        [["sessions", 2], "BAD_USER_INPUT"],
      ]),
    );
  });

  it.each([
    [{ status: 400 }, "UPSTREAM_BAD_REQUEST", 1],
    [{ status: 401 }, "UPSTREAM_UNAUTHORIZED", 1],
    [{ status: 403 }, "UPSTREAM_UNAUTHORIZED", 1],
    [{ status: 429 }, "UPSTREAM_RATE_LIMITED", 2],
    [{ status: 503 }, "UPSTREAM_UNAVAILABLE", 2],
    [{ status: 500 }, "UPSTREAM_UNAVAILABLE", 2],
    [{ body: '{"session_id": "9a7d' }, "UPSTREAM_BAD_RESPONSE", 1],
    [{ body: "<html>gateway error</html>", contentType: "text/html" }, "UPSTREAM_BAD_RESPONSE", 1],
    [{ body: '"a string, not a session"' }, "UPSTREAM_BAD_RESPONSE", 1],
    [{ body: '{"checks": {"not": "a list"}}' }, "UPSTREAM_BAD_RESPONSE", 1],
    [{ reset: true }, "UPSTREAM_UNAVAILABLE", 2],
    [{ delayMs: 10_000 }, "UPSTREAM_UNAVAILABLE", 2],
  ] as const)("%j -> %s after %i attempt(s); siblings still resolve", async (fault, code, attempts) => {
    stack.emulator.setFault(approved, fault);
    const res = await stack.query(SessionStatesDocument, { ids: [approved, rejected] });
    expect(res.status).toBe(200);
    expect(res.data?.sessions[0]).toBeNull();
    expect(res.data?.sessions[1]?.id).toBe(rejected);
    expect(codes(res)).toEqual([code]);
    expect(res.errors![0]!.path).toEqual(["sessions", 0]);
    expect(stack.emulator.stats().sessionGets[approved]).toBe(attempts);
    // Nothing about the upstream request leaks: no URL, query, nonce, signature or body text.
    const text = JSON.stringify(res.errors);
    for (const leak of ["http://", "sdkId", "nonce", "digest", "idverify", "9a7d", "gateway error"]) expect(text).not.toContain(leak);
    // The process is fine and the next request succeeds.
    stack.emulator.clearFaults();
    const next = await stack.query(SessionStateDocument, { id: approved });
    expect(next.data?.session?.id).toBe(approved);
  });

  it("retries a 500 once with a freshly signed attempt and succeeds (a reused nonce would get 401)", async () => {
    stack.emulator.setFault(ongoing, { status: 500, times: 1 });
    const res = await stack.query(SessionStateDocument, { id: ongoing });
    expect(res.errors).toBeUndefined();
    expect(res.data?.session?.state).toBe("ONGOING");
    expect(stack.emulator.stats().sessionGets[ongoing]).toBe(2);
    expect(stack.emulator.stats().rejected).toBe(0);
  });

  it("honours Retry-After on 429 when it fits the read's deadline, and gives up at once when it does not", async () => {
    // Retry-After is honoured while it fits YOTI_DEADLINE_MS; this stack's 900 ms is shorter than 1 s.
    stack.emulator.setFault(ongoing, { status: 429, retryAfterSeconds: 1, times: 1 });
    const tooLong = await stack.query(SessionStateDocument, { id: ongoing });
    expect(codes(tooLong)).toEqual(["UPSTREAM_RATE_LIMITED"]);
    expect(stack.emulator.stats().sessionGets[ongoing]).toBe(1);

    const patient = await startStack({ tuning: { ...TUNING, timeoutMs: 3_000, deadlineMs: 3_000 } });
    try {
      patient.emulator.setFault(ongoing, { status: 429, retryAfterSeconds: 1, times: 1 });
      const started = Date.now();
      const res = await patient.query(SessionStateDocument, { id: ongoing });
      expect(res.errors).toBeUndefined();
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(patient.emulator.stats().sessionGets[ongoing]).toBe(2);
    } finally {
      await patient.close();
    }
  });
});

describe("error contract: misconfigured gateways", () => {
  let gateways: RunningGateway[] = [];
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
  });

  async function gatewayWith(baseUrl: string, sdkId: string, keyFile: string): Promise<RunningGateway> {
    const pieces = testGatewayPieces();
    const gateway = await startGateway(pieces.options(createYotiClient(emulatorUpstream(TUNING, baseUrl, sdkId, keyFile), pieces.observer)));
    gateways.push(gateway);
    return gateway;
  }

  async function ask(gateway: RunningGateway, id: string) {
    const res = await fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query($id: ID!) { session(id: $id) { id } }", variables: { id } }),
    });
    return (await res.json()) as { data: { session: unknown }; errors?: { extensions?: { code?: string } }[] };
  }

  it("UPSTREAM_UNAUTHORIZED when the key is not the one Yoti knows", async () => {
    const wrongKey = writeRsaKeyFile(tempDir("idv-graph-wrong-key-"), "wrong.pem");
    const res = await ask(await gatewayWith(stack.emulator.baseUrl, stack.emulator.sdkId, wrongKey), approved);
    expect(res.data.session).toBeNull();
    expect(codes(res)).toEqual(["UPSTREAM_UNAUTHORIZED"]);
  });

  it("UPSTREAM_UNAUTHORIZED when the SDK id is wrong", async () => {
    const res = await ask(await gatewayWith(stack.emulator.baseUrl, randomUUID(), stack.emulator.keyFile), approved);
    expect(codes(res)).toEqual(["UPSTREAM_UNAUTHORIZED"]);
  });

  it("UPSTREAM_UNAVAILABLE when nothing listens upstream", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const res = await ask(await gatewayWith(`http://127.0.0.1:${port}/idverify/v1`, stack.emulator.sdkId, stack.emulator.keyFile), approved);
    expect(codes(res)).toEqual(["UPSTREAM_UNAVAILABLE"]);
  });
});
