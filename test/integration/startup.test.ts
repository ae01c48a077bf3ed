import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { until } from "../support/wait.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIVE_DEMO_NAME, LIVE_DEMO_SESSION_ID, startEmulator, type Emulator } from "../../src/emulator/index.js";
import { demoSession, demoSessions } from "../support/demo-data.js";
import { LISTENING, logRecords, SPAWN_TIMEOUT, spawnGateway } from "../support/gateway-process.js";
import { collect, wsClient } from "../support/live.js";
import { tempDir } from "../support/temp-files.js";

const approved = demoSession("approved").session_id as string;

async function post(url: string, query: string, variables?: unknown) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, text: await res.text() };
}

async function expectConfigFailure(overrides: Record<string, string>, variable: string) {
  const gw = spawnGateway(overrides);
  expect(await gw.closed).toBe(1);
  const lines = gw.err().split("\n").filter((l) => l !== "");
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith(`Invalid configuration: ${variable}: `)).toBe(true);
  expect(gw.out()).not.toMatch(LISTENING);
  return lines[0]!;
}

describe.concurrent("invalid configuration: exit 1 with one line naming the variable", () => {
  const dir = tempDir("idv-graph-startup-");
  const garbageKey = join(dir, "garbage.pem");
  writeFileSync(garbageKey, "-----BEGIN RSA PRIVATE KEY-----\nTOPSECRETNOTAKEY0123456789\n-----END RSA PRIVATE KEY-----\n");

  it.each([
    [{ YOTI_CLIENT_SDK_ID: "abc" }, "YOTI_KEY_FILE_PATH"],
    [{ PORT: "eighty" }, "PORT"],
    [{ YOTI_RETRIES: "-1" }, "YOTI_RETRIES"],
    [{ YOTI_CLIENT_SDK_ID: "abc", YOTI_KEY_FILE_PATH: join(dir, "missing.pem") }, "YOTI_KEY_FILE_PATH"],
    [{ GATEWAY_MEDIA_SECRET: "too-short-secret" }, "GATEWAY_MEDIA_SECRET"],
  ])("%j -> %s", async (overrides, variable) => {
    await expectConfigFailure(overrides, variable);
  }, SPAWN_TIMEOUT);

  it("an unparsable key file is named, its content never printed", async () => {
    const line = await expectConfigFailure({ YOTI_CLIENT_SDK_ID: "abc", YOTI_KEY_FILE_PATH: garbageKey }, "YOTI_KEY_FILE_PATH");
    expect(line).toContain(garbageKey);
    expect(line).not.toContain("TOPSECRET");
  }, SPAWN_TIMEOUT);
});

describe("production against real credentials (the emulator stands in for Yoti)", () => {
  let emulator: Emulator;
  let yoti: Record<string, string>;
  beforeAll(async () => {
    emulator = await startEmulator();
    yoti = {
      NODE_ENV: "production",
      YOTI_CLIENT_SDK_ID: emulator.sdkId,
      YOTI_KEY_FILE_PATH: emulator.keyFile,
      YOTI_IDV_API_URL: emulator.baseUrl,
      GATEWAY_PUBLIC_URL: "https://idv-graph.example.com",
      GATEWAY_METRICS_TOKEN: "startup-test-metrics-token",
      GATEWAY_MEDIA_SECRET: "startup-test-media-secret-0123456789abcdef",
      GATEWAY_SHUTDOWN_GRACE_MS: "300",
    };
  });
  afterAll(() => emulator?.close());

  it.concurrent("refuses to start without caller auth, naming GATEWAY_AUTH", async () => {
    await expectConfigFailure(yoti, "GATEWAY_AUTH");
    expect(emulator.stats().total).toBe(0);
  }, SPAWN_TIMEOUT);

  it.concurrent("refuses to start without a public URL for media links, naming GATEWAY_PUBLIC_URL", async () => {
    const { GATEWAY_PUBLIC_URL: _omitted, ...rest } = yoti;
    await expectConfigFailure({ ...rest, GATEWAY_AUTH: "none" }, "GATEWAY_PUBLIC_URL");
  }, SPAWN_TIMEOUT);

  it.concurrent("never falls back to the open embedded emulator: production without Yoti credentials is a configuration error", async () => {
    const line = await expectConfigFailure({ NODE_ENV: "production", GATEWAY_AUTH: "none", GATEWAY_PUBLIC_URL: "https://idv-graph.example.com" }, "YOTI_CLIENT_SDK_ID");
    expect(line).toMatch(/emulator is for development only/);
  }, SPAWN_TIMEOUT);

  it("GATEWAY_AUTH=none: starts with a warning, no Sandbox, no introspection, no suggestions; SIGTERM drains and exits 0", async () => {
    emulator.resetStats();
    const gw = spawnGateway({ ...yoti, GATEWAY_AUTH: "none" });
    const [, url, suffix] = await gw.waitFor(LISTENING);
    expect(suffix).toBe("");
    // The log is written asynchronously: under load its lines can follow the console's "listening" line.
    await until(() => logRecords(gw.out()).some((r) => r.msg === "idv-graph listening"), { what: "the listening log line" });
    const warnings = logRecords(gw.out()).filter((r) => r.level === 40);
    expect(warnings.some((r) => String(r.msg).includes("GATEWAY_AUTH"))).toBe(true);
    expect(logRecords(gw.out()).find((r) => r.msg === "idv-graph listening")).toMatchObject({ production: true });

    const landing = await fetch(url!, { headers: { accept: "text/html" } });
    const html = await landing.text();
    expect(landing.headers.get("content-type") ?? "").not.toContain("text/html");
    expect(html).not.toMatch(/sandbox|<html/i);

    const introspection = await post(url!, "{ __schema { types { name } } }");
    expect(introspection.status).toBe(400);
    expect(JSON.parse(introspection.text).errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(introspection.text).not.toContain("IdDocument");
    expect(introspection.text).not.toContain('"data"');

    const ok = await post(url!, "query($id: ID!) { session(id: $id) { id state } }", { id: approved });
    expect(JSON.parse(ok.text)).toEqual({ data: { session: { id: approved, state: "COMPLETED" } } });
    expect(emulator.stats().sessionGets).toEqual({ [approved]: 1 });

    const typo = await post(url!, "query($id: ID!) { session(id: $id) { stat } }", { id: approved });
    expect(typo.status).toBe(400);
    expect(JSON.parse(typo.text).errors.length).toBeGreaterThan(0);
    expect(typo.text).not.toMatch(/did you mean/i);
    expect(typo.text).not.toContain('"state"');

    gw.proc.kill("SIGTERM");
    expect(await gw.closed).toBe(0);
    const draining = logRecords(gw.out()).find((r) => String(r.msg).includes("draining"));
    expect(draining).toMatchObject({ signal: "SIGTERM" });
    expect(gw.err()).toBe("");
  }, SPAWN_TIMEOUT);
});

describe("development default: the embedded emulator", () => {
  it("prints the demo session ids, serves Sandbox, answers from the demo data, and exits 0 on SIGINT", async () => {
    const gw = spawnGateway({});
    const [, url, suffix] = await gw.waitFor(LISTENING);
    expect(suffix).toContain("Apollo Sandbox");
    const printed = [...gw.out().matchAll(/^ {2}([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) {2}(\S+)$/gm)];
    const expected = [...demoSessions().map((s) => [s.name, s.body.session_id]), [LIVE_DEMO_NAME, LIVE_DEMO_SESSION_ID]];
    expect(printed.map((m) => [m[2], m[1]]).sort()).toEqual(expected.sort());
    expect(printed).toHaveLength(9);
    expect(gw.out()).toContain("Demo sessions (embedded emulator):");

    const landing = await fetch(url!, { headers: { accept: "text/html" } });
    expect(landing.status).toBe(200);
    expect(landing.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await landing.text()).toMatch(/sandbox/i);

    const ok = await post(url!, "query($id: ID!) { session(id: $id) { id state } }", { id: approved });
    expect(JSON.parse(ok.text).data.session.id).toBe(approved);

    // The live demo: the emulator's notifications reach this gateway's webhook (a token made up at start).
    expect(gw.out()).toContain(`Live demo: ${LIVE_DEMO_SESSION_ID} is playing now`);
    const control = /Play it again: curl -X POST (\S+)/.exec(gw.out())![1]!;
    const client = wsClient(url!);
    const sub = collect(client, `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { state } } }`, { id: LIVE_DEMO_SESSION_ID });
    await sub.waitFor(1);
    // Replayed quickly from its start, as a user would with the printed command.
    expect((await fetch(control, { method: "POST", body: JSON.stringify({ stepMs: 50 }) })).status).toBe(200);
    await sub.ended;
    expect(sub.events.at(-1)!.data.sessionUpdated).toEqual({ topic: "session_completion", session: { state: "COMPLETED" } });
    expect(sub.events.map((e) => e.data.sessionUpdated.topic)).toContain("check_completion");
    await client.dispose();

    gw.proc.kill("SIGINT");
    expect(await gw.closed).toBe(0);
    expect(logRecords(gw.out()).find((r) => String(r.msg).includes("draining"))).toMatchObject({ signal: "SIGINT" });
  }, SPAWN_TIMEOUT);
});

describe("YOTI_KEY_FILE_PATH in either PEM format", () => {
  it.concurrent.each([
    ["pkcs1", "-----BEGIN RSA PRIVATE KEY-----"],
    ["pkcs8", "-----BEGIN PRIVATE KEY-----"],
  ] as const)("%s: every request is signed with the key the emulator checks", async (type, header) => {
    const dir = tempDir(`idv-graph-${type}-`);
    const keyFile = join(dir, "key.pem");
    const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type, format: "pem" }).toString();
    expect(pem.startsWith(header)).toBe(true);
    writeFileSync(keyFile, pem, { mode: 0o600 });
    const emulator = await startEmulator({ keyFile });
    try {
      const gw = spawnGateway({ YOTI_CLIENT_SDK_ID: emulator.sdkId, YOTI_KEY_FILE_PATH: keyFile, YOTI_IDV_API_URL: emulator.baseUrl });
      const [, url] = await gw.waitFor(LISTENING);
      expect(gw.out()).not.toContain("Demo sessions");
      const ok = await post(url!, "query($ids: [ID!]!) { sessions(ids: $ids) { id } }", { ids: [approved, demoSession("rejected").session_id] });
      expect(JSON.parse(ok.text)).toEqual({ data: { sessions: [{ id: approved }, { id: demoSession("rejected").session_id }] } });
      expect(emulator.stats()).toMatchObject({ rejected: 0, sessionGets: { [approved]: 1 } });
      gw.proc.kill("SIGTERM");
      expect(await gw.closed).toBe(0);
    } finally {
      await emulator.close();
    }
  }, SPAWN_TIMEOUT);
});
