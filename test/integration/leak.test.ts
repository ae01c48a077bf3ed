import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { apiKeyEntry, bearer, createJwtIssuer, nowSeconds } from "../support/tokens.js";
import type { EmulatorFault } from "../../src/emulator/index.js";
import { DocumentValuesDocument, FullSessionDocument, MediaUrlsDocument, SessionDevicesDocument } from "../generated/graphql.js";
import { demoSession, demoSessions } from "../support/demo-data.js";
import { startOtlpReceiver, type OtlpReceiver } from "../support/otlp-receiver.js";
import { collect, postWebhook, WEBHOOK_TOKEN, wsClient } from "../support/live.js";
import { startStack, type Stack } from "../support/stack.js";

const MEDIA_DIR = fileURLToPath(new URL("../../src/emulator/data/media/", import.meta.url));
const approved = demoSession("approved").session_id as string;
const KEYS = { full: `fk_${randomUUID()}`, reader: `rk_${randomUUID()}` };
const issuer = createJwtIssuer({ subject: "leak-test" });
// Same names, another key: a forgery.
const forger = createJwtIssuer({ subject: "leak-test" });

/**
 * Values that are codes shared by every document of a kind (document types, genders, assurance
 * levels, "VALID" — a substring of GRAPHQL_VALIDATION_FAILED) or a bare year (a substring of
 * epoch-millisecond log timestamps): not personal on their own, and they would make the check flaky.
 */
const NOT_PERSONAL = new Set(["PASSPORT", "DRIVING_LICENCE", "RESIDENCE_PERMIT", "UTILITY_BILL", "BANK_STATEMENT", "OTHER", "MALE", "FEMALE", "VALID", "MEDIUM", "UK_TFIDA", "GPG44", "GPG45", "AUTOMATED_FACE_MATCH", "1990"]);

/** Every string value (length >= 4) in the emulator's document-field and identity-report media: names, dates, numbers, MRZ, addresses. */
function personalValues(): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (v.length >= 4 && !NOT_PERSONAL.has(v)) out.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  const files = readdirSync(MEDIA_DIR).filter(
    (f) => (/^(expanded-)?document-fields.*\.json$/.test(f) || f === "identity-profile-report.json"),
  );
  expect(files.length).toBeGreaterThanOrEqual(8);
  for (const f of files) walk(JSON.parse(readFileSync(MEDIA_DIR + f, "utf8")));
  return [...out];
}

let stack: Stack;
let receiver: OtlpReceiver;
let keyPem: string;
const bodies: { what: string; status: number; text: string }[] = [];

async function send(what: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(stack.gateway.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const text = await res.text();
  bodies.push({ what, status: res.status, text });
  return { status: res.status, text };
}
const ask = <R, V>(what: string, doc: TypedDocumentNode<R, V>, variables: V, headers: Record<string, string> = bearer(KEYS.full)) =>
  send(what, JSON.stringify({ query: print(doc), variables }), headers);
async function get(what: string, url: string) {
  const res = await fetch(url);
  const text = Buffer.from(await res.arrayBuffer()).toString("latin1");
  bodies.push({ what, status: res.status, text });
  return { status: res.status, text };
}

const secrets: { label: string; value: string }[] = [];

beforeAll(async () => {
  // Traces on, so that every span of the workload is searched as well.
  receiver = await startOtlpReceiver();
  stack = await startStack({
    tracing: loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" }).tracing,
    emulator: { sdkId: randomUUID() },
    tuning: { retries: 1, timeoutMs: 1_000 },
    live: { webhook: { authType: "BEARER", token: WEBHOOK_TOKEN } },
    auth: {
      apiKeys: [apiKeyEntry("full", KEYS.full, ["sessions:read", "pii:read", "media:read", "devices:read"]), apiKeyEntry("reader", KEYS.reader, ["sessions:read"])],
      jwt: issuer.authConfig(),
    },
  });
  keyPem = readFileSync(stack.emulator.keyFile, "utf8");
  const tokens = {
    valid: await issuer.sign({ scope: "sessions:read" }),
    forged: await forger.sign({ scope: "sessions:read pii:read media:read" }),
    expired: await issuer.sign({ scope: "sessions:read", exp: nowSeconds() - 60 }),
  };
  secrets.push(...Object.entries(KEYS).map(([k, v]) => ({ label: `api key ${k}`, value: v })));
  secrets.push(...Object.entries(tokens).flatMap(([k, v]) => [{ label: `jwt ${k}`, value: v }, { label: `jwt ${k} signature`, value: v.split(".")[2]! }]));

  // Personal data flowing through the gateway as it should.
  for (const { name, body } of demoSessions()) {
    await ask(`FullSession ${name}`, FullSessionDocument, { id: body.session_id });
    await ask(`DocumentValues ${name}`, DocumentValuesDocument, { id: body.session_id });
    await ask(`DocumentValues ${name} as reader`, DocumentValuesDocument, { id: body.session_id }, bearer(KEYS.reader));
    await ask(`DocumentValues ${name} as JWT reader`, DocumentValuesDocument, { id: body.session_id }, bearer(tokens.valid));
    await ask(`SessionDevices ${name}`, SessionDevicesDocument, { id: body.session_id });
    await ask(`SessionDevices ${name} as reader`, SessionDevicesDocument, { id: body.session_id }, bearer(KEYS.reader));
  }
  // Device events whose odd values (an address where a string belongs) are refused field by field.
  const odd = randomUUID();
  stack.emulator.addSession(odd, { session_id: odd, state: "COMPLETED", checks: [] });
  stack.emulator.setSessionReads(odd, { trackedDevices: [{ event: "RESOURCE_CREATED", created: "2025-02-30T00:00:00Z", device: { ip_address: ["203.0.113.77"], locale: { ip: "203.0.113.78" } } }] });
  await ask("SessionDevices with odd values", SessionDevicesDocument, { id: odd });
  const urls = [...(await ask("MediaUrls", MediaUrlsDocument, { id: approved })).text.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);
  expect(urls.length).toBeGreaterThan(3);
  for (const url of urls.slice(0, 4)) await get("media", url);
  await get("media with a tampered token", `${urls[0]!.slice(0, -4)}AAAA`);
  await get("media with a garbage token", new URL("/media/not-a-token", stack.gateway.url).toString());

  // Credentials that must be refused without being echoed.
  const wrong = [undefined, `Bearer ${KEYS.full}x`, `Bearer ${KEYS.reader.toUpperCase()}`, KEYS.full, `Basic ${Buffer.from(`u:${KEYS.full}`).toString("base64")}`,
    "Bearer aaa.bbb.ccc", `Bearer ${tokens.forged}`, `Bearer ${tokens.expired}`, `Bearer ${tokens.valid}.x`];
  for (const authorization of wrong) {
    await ask(`credential ${authorization?.slice(0, 12)}`, DocumentValuesDocument, { id: approved }, authorization ? { authorization } : {});
  }

  // Bad input, unknown ids, malformed bodies.
  for (const id of ["nope", "x".repeat(10_000), "ünïcödé-🙂", "3fa85f64-5717-4562-b3fc-2c963f66afa6'--", randomUUID()]) {
    await ask(`id ${id.slice(0, 12)}`, DocumentValuesDocument, { id });
  }
  await send("malformed JSON", '{"query": "{ session(id: \\"JANE ALICE SPECIMEN 925076473', bearer(KEYS.full));
  await send("not a GraphQL document", JSON.stringify({ query: "{ session(id: 1) { nope } }" }), bearer(KEYS.full));

  // Upstream faults, some of whose bodies carry personal data themselves.
  const faults: EmulatorFault[] = [
    { status: 500 },
    { status: 503, retryAfterSeconds: 0 },
    { status: 401 },
    { status: 400, body: '{"code":"BAD","message":"JANE ALICE SPECIMEN 925076473 1988-04-12"}' },
    { body: `{"session_id": "${approved}", "full_name": "JANE ALICE SPECIMEN", "mrz": "P<GBRSPECIMEN<<JANE` },
    { body: '{"checks": {"full_name": "JANE ALICE SPECIMEN", "document_number": "925076473"}}' },
    { body: "JANE ALICE SPECIMEN 925076473", contentType: "text/plain" },
    { reset: true },
  ];
  for (const fault of faults) {
    stack.emulator.setFault(approved, fault);
    await ask(`fault ${JSON.stringify(fault).slice(0, 30)}`, DocumentValuesDocument, { id: approved });
    await ask(`devices under fault ${JSON.stringify(fault).slice(0, 30)}`, SessionDevicesDocument, { id: approved });
    await get("media under a fault", urls[0]!);
  }
  stack.emulator.clearFaults();

  // Live: subscriptions carrying personal fields (and one refused them), notifications (one with
  // personal data in a field Yoti does not send), webhooks with wrong tokens.
  secrets.push({ label: "webhook token", value: WEBHOOK_TOKEN });
  const live = randomUUID();
  stack.emulator.play({ sessionId: live, stepMs: 600_000, notify: false });
  const LIVE = `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { clientSessionToken resources { idDocuments { documentFields { values { fullName documentNumber dateOfBirth } } } } } } }`;
  const [full, reader] = [wsClient(stack.gateway.url, bearer(KEYS.full)), wsClient(stack.gateway.url, bearer(KEYS.reader))];
  const subs = [collect(full, LIVE, { id: live }), collect(reader, LIVE, { id: live })];
  await Promise.all(subs.map((sub) => sub.waitFor(1)));
  await stack.emulator.play({ sessionId: live, stepMs: 1, notify: false }).done;
  const note = await postWebhook(stack.gateway.url, { session_id: live, topic: "session_completion", full_name: "JANE ALICE SPECIMEN" }, bearer(WEBHOOK_TOKEN));
  bodies.push({ what: "webhook", status: note.status, text: JSON.stringify(note.json) });
  await Promise.all(subs.map((sub) => sub.ended));
  subs.forEach((sub, i) => bodies.push({ what: `subscription ${i}`, status: 200, text: JSON.stringify(sub.events) }));
  for (const authorization of [`Bearer ${WEBHOOK_TOKEN}x`, `Basic ${Buffer.from(WEBHOOK_TOKEN).toString("base64")}`, WEBHOOK_TOKEN]) {
    const refused = await postWebhook(stack.gateway.url, { session_id: live, topic: "x" }, { authorization });
    bodies.push({ what: "webhook with a wrong token", status: refused.status, text: JSON.stringify(refused.json) });
  }
  const bad = await postWebhook(stack.gateway.url, { session_id: "JANE ALICE SPECIMEN 925076473", topic: "x" }, bearer(WEBHOOK_TOKEN));
  bodies.push({ what: "webhook with a bad id", status: bad.status, text: JSON.stringify(bad.json) });
  await Promise.all([full.dispose(), reader.dispose()]);

  await stack.tracing.forceFlush();
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

describe("nothing secret or personal leaks into logs, error responses or spans", () => {
  it("the workload carried personal data to authorised callers, and produced logs and error bodies to inspect", () => {
    const ok = bodies.filter((b) => b.status === 200 && !b.text.includes('"errors"'));
    expect(ok.some((b) => b.text.includes("JANE ALICE SPECIMEN") && b.text.includes("925076473"))).toBe(true);
    expect(ok.some((b) => b.text.includes("SAM TAYLOR SPECIMEN"))).toBe(true);
    expect(deviceAddresses().length).toBeGreaterThanOrEqual(2);
    const codes = new Set(bodies.flatMap((b) => [...b.text.matchAll(/"code":"([A-Z_]+)"/g)].map((m) => m[1])));
    for (const code of ["UNAUTHENTICATED", "FORBIDDEN", "BAD_USER_INPUT", "NOT_FOUND", "UPSTREAM_UNAVAILABLE", "UPSTREAM_UNAUTHORIZED", "UPSTREAM_BAD_REQUEST", "UPSTREAM_BAD_RESPONSE"]) {
      expect(codes).toContain(code);
    }
    expect(errorBodies().length).toBeGreaterThan(40);
    expect(stack.logs.lines.length).toBeGreaterThan(100);
    expect(stack.logs.records().filter((r) => r.msg === "upstream attempt").length).toBeGreaterThan(30);
    const spans = receiver.spans();
    expect(spans.filter((s) => s.kind === 3).length).toBeGreaterThan(30);
    expect(spans.filter((s) => s.attributes["graphql.operation.name"] === "DocumentValues").length).toBeGreaterThan(10);
  });

  it("no personal value, key material, credential, signature or upstream URL part in any log line, error body or span", () => {
    const needles: { label: string; value: string }[] = [
      ...personalValues().map((v) => ({ label: `personal value ${JSON.stringify(v)}`, value: v })),
      ...[...deviceAddresses(), "203.0.113.77", "203.0.113.78"].map((ip) => ({ label: `device IP address ${ip}`, value: ip })),
      ...secrets,
      { label: "PEM header", value: "BEGIN RSA PRIVATE KEY" },
      { label: "PEM header", value: "PRIVATE KEY-----" },
      ...pemSlices(keyPem).map((value, i) => ({ label: `emulator key slice ${i}`, value })),
      { label: "SDK id", value: stack.emulator.sdkId },
      { label: "upstream base URL", value: stack.emulator.baseUrl },
      { label: "upstream path", value: "/idverify/v1/sessions/" },
    ];
    const haystacks = [
      ...receiver.exports.map((e, i) => ({ where: `span export ${i}`, text: e.body.toString("utf8") })),
      ...stack.logs.lines.map((text, i) => ({ where: `log line ${i}`, text })),
      ...errorBodies().map((b) => ({ where: `${b.what} (HTTP ${b.status})`, text: b.text })),
    ];
    // The scanner itself finds what it looks for.
    const address = "14 Placeholder Road\nDemoville\nZZ3 3ZZ\nUnited Kingdom";
    const canary = JSON.stringify({ msg: "x", v: address, k: pemSlices(keyPem)[1], n: "Nonce=1", s: "A".repeat(344) });
    expect(scan([{ where: "canary", text: canary }], needles)).toEqual(
      expect.arrayContaining([`personal value ${JSON.stringify(address)} in canary`, "emulator key slice 1 in canary", "nonce= in canary", "a 344-char base64 run in canary"]),
    );
    expect(scan(haystacks, needles)).toEqual([]);
  });
});

/** Every needle, forbidden word or long base64 run found in the haystacks, as "what in where". */
function scan(haystacks: { where: string; text: string }[], needles: { label: string; value: string }[]): string[] {
  const found: string[] = [];
  for (const { where, text } of haystacks) {
    for (const { label, value } of needles) {
      // Also as it would appear inside a JSON string (addresses hold newlines).
      if (text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1))) found.push(`${label} in ${where}`);
    }
    for (const word of ["nonce=", "sdkid=", "x-yoti-auth-digest"]) if (text.toLowerCase().includes(word)) found.push(`${word} in ${where}`);
    const run = /[A-Za-z0-9+/]{300,}={0,2}/.exec(text);
    if (run) found.push(`a ${run[0].length}-char base64 run in ${where}`);
  }
  return found;
}

/** The devices' IP addresses the gateway handed to authorised callers. */
function deviceAddresses(): string[] {
  return [...new Set(bodies.filter((b) => b.what.startsWith("SessionDevices")).flatMap((b) => [...b.text.matchAll(/"ipAddress":"([^"]+)"/g)].map((m) => m[1]!)))];
}

/** Bodies of error answers: anything that is not 2xx or carries GraphQL errors. */
function errorBodies() {
  return bodies.filter((b) => b.status < 200 || b.status > 299 || b.text.includes('"errors"'));
}

/** A few 40-character slices of the PEM's base64 body. */
function pemSlices(pem: string): string[] {
  const b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  expect(b64.length).toBeGreaterThan(1000);
  return [0, 200, 600, 1000, b64.length - 60].map((at) => b64.slice(at, at + 40));
}
