import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, exportJWK } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiKeyEntry } from "../support/tokens.js";
import { ScopedFieldsDocument, SessionStatesDocument } from "../generated/graphql.js";
import { demoSession } from "../support/demo-data.js";
import { announceBody } from "../support/raw-http.js";
import { startStack, type Stack } from "../support/stack.js";

const approved = demoSession("approved").session_id as string;
const rejected = demoSession("rejected").session_id as string;
const KEYS = { reader: `rk_${randomUUID()}`, full: `fk_${randomUUID()}`, mediaOnly: `mk_${randomUUID()}` };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const codesAt = (errors: { path?: (string | number)[]; extensions?: { code?: string } }[] | undefined) =>
  Object.fromEntries((errors ?? []).map((e) => [(e.path ?? []).join("."), e.extensions?.code]));

describe("API keys and scopes", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      auth: {
        apiKeys: [
          apiKeyEntry("reader", KEYS.reader, ["sessions:read"]),
          apiKeyEntry("full", KEYS.full, ["sessions:read", "pii:read", "media:read"]),
          apiKeyEntry("media-only", KEYS.mediaOnly, ["media:read"]),
        ],
      },
    });
  });
  afterAll(() => stack?.close());
  beforeEach(() => stack.emulator.resetStats());

  it("no credentials: HTTP 401 UNAUTHENTICATED and no upstream call", async () => {
    const res = await stack.query(SessionStatesDocument, { ids: [approved] });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(stack.emulator.stats().total).toBe(0);
  });

  it.each(["Bearer nope", `Bearer ${KEYS.reader}x`, `Basic ${Buffer.from(`u:${KEYS.full}`).toString("base64")}`, KEYS.full])(
    "a wrong credential (%s) is 401",
    async (authorization) => {
      const res = await stack.queryAs({ authorization }, SessionStatesDocument, { ids: [approved] });
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(JSON.stringify(res)).not.toContain(KEYS.full);
      expect(stack.emulator.stats().total).toBe(0);
    },
  );

  it("a POST's credential is checked before its body is read: an unauthenticated 10 MB or malformed body is 401, never 413 or 400", async () => {
    for (const [headers, sent] of [[{}, "{not json"], [bearer("not-a-key"), "x".repeat(1024)]] as const) {
      const answer = await announceBody(stack.gateway.url, "/graphql", headers, 10 * 1024 * 1024, sent);
      expect(answer.status).toBe(401);
      expect(answer.text).toMatch(/\r\nwww-authenticate: Bearer\r\n/i);
      expect(answer.text).toMatch(/\r\nconnection: close\r\n/i);
      expect(answer.text).toContain('{"errors":[{"message":"Missing or invalid credentials: send Authorization: Bearer <API key or JWT>","extensions":{"code":"UNAUTHENTICATED"}}]}');
    }
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("sessions:read alone: the graph resolves, personal data and media URLs are null with FORBIDDEN, and no media is fetched", async () => {
    const res = await stack.queryAs(bearer(KEYS.reader), ScopedFieldsDocument, { id: approved });
    expect(res.status).toBe(200);
    const s = res.data!.session!;
    expect(s.id).toBe(approved);
    expect(s.checks.length).toBeGreaterThan(0);
    expect(s.clientSessionToken).toBeNull();
    expect(s.identityProfile).toBeNull();
    const fields = s.resources!.idDocuments![0]!.documentFields!;
    expect(fields.media!.id).toBeTruthy();
    expect(fields.media!.url).toBeNull();
    expect(fields.values).toBeNull();
    expect(codesAt(res.errors)).toEqual({
      "session.clientSessionToken": "FORBIDDEN",
      "session.identityProfile": "FORBIDDEN",
      "session.resources.idDocuments.0.documentFields.media.url": "FORBIDDEN",
      "session.resources.idDocuments.0.documentFields.values": "FORBIDDEN",
    });
    expect(stack.emulator.stats().mediaGets).toEqual({});
  });

  it("all three scopes: everything resolves", async () => {
    const res = await stack.queryAs(bearer(KEYS.full), ScopedFieldsDocument, { id: approved });
    expect(res.errors).toBeUndefined();
    const fields = res.data!.session!.resources!.idDocuments![0]!.documentFields!;
    expect(fields.values?.fullName).toBe("JANE ALICE SPECIMEN");
    expect(fields.media?.url).toMatch(/\/media\//);
    expect(res.data!.session!.clientSessionToken).toBeTruthy();
  });

  it("no sessions:read: the session is FORBIDDEN with no upstream call", async () => {
    const res = await stack.queryAs(bearer(KEYS.mediaOnly), ScopedFieldsDocument, { id: approved });
    expect(res.data?.session).toBeNull();
    expect(codesAt(res.errors)).toEqual({ session: "FORBIDDEN" });
    expect(stack.emulator.stats().total).toBe(0);
  });
});

describe("JWT (public key file and JWKS URL), issuer, audience, scopes, session grant", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const ISSUER = "https://issuer.example";
  const AUDIENCE = "idv-graph";
  let stack: Stack;
  let jwksStack: Stack;
  let jwksServer: Server;

  const token = (claims: Record<string, unknown>, opts: { key?: typeof privateKey; iss?: string; aud?: string; exp?: string | number } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(opts.iss ?? ISSUER)
      .setAudience(opts.aud ?? AUDIENCE)
      .setSubject("frontend-user-42")
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? "5m")
      .sign(opts.key ?? privateKey);

  beforeAll(async () => {
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    stack = await startStack({ auth: { jwt: { publicKeyPem: pem, issuer: ISSUER, audience: AUDIENCE, maxAgeSeconds: 3600 } } });
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    jwksServer = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => jwksServer.listen(0, "127.0.0.1", r));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
    jwksStack = await startStack({ auth: { jwt: { jwksUrl, issuer: ISSUER, audience: AUDIENCE, maxAgeSeconds: 3600 } } });
  });
  afterAll(async () => {
    await stack?.close();
    await jwksStack?.close();
    jwksServer?.close();
  });
  beforeEach(() => stack.emulator.resetStats());

  it("a token granted one session reads it, and any other session is FORBIDDEN without an upstream call", async () => {
    const jwt = await token({ scope: "sessions:read pii:read", idv_session_ids: [approved.toUpperCase()] });
    const res = await stack.queryAs(bearer(jwt), SessionStatesDocument, { ids: [approved, rejected] });
    expect(res.data?.sessions.map((s) => s?.id ?? null)).toEqual([approved, null]);
    expect(codesAt(res.errors)).toEqual({ "sessions.1": "FORBIDDEN" });
    expect(stack.emulator.stats().sessionGets).toEqual({ [approved]: 1 });
  });

  it("scopes come from the scope claim (string or list)", async () => {
    const jwt = await token({ scope: ["sessions:read"] });
    const res = await stack.queryAs(bearer(jwt), ScopedFieldsDocument, { id: approved });
    expect(res.data?.session?.id).toBe(approved);
    expect(codesAt(res.errors)["session.clientSessionToken"]).toBe("FORBIDDEN");
  });

  it.each([
    ["wrong audience", { aud: "someone-else" }],
    ["wrong issuer", { iss: "https://evil.example" }],
    ["expired", { exp: Math.floor(Date.now() / 1000) - 60 }],
    ["signed by another key", { key: other.privateKey }],
  ])("%s: 401", async (_name, opts) => {
    const jwt = await token({ scope: "sessions:read" }, opts as never);
    const res = await stack.queryAs(bearer(jwt), SessionStatesDocument, { ids: [approved] });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(JSON.stringify(res)).not.toContain(jwt);
    expect(stack.emulator.stats().total).toBe(0);
  });

  it("verifies against a JWKS URL", async () => {
    const jwt = await token({ scope: "sessions:read" });
    const res = await jwksStack.queryAs(bearer(jwt), SessionStatesDocument, { ids: [approved] });
    expect(res.errors).toBeUndefined();
    expect(res.data?.sessions[0]?.id).toBe(approved);
    const forged = await token({ scope: "sessions:read" }, { key: other.privateKey });
    expect((await jwksStack.queryAs(bearer(forged), SessionStatesDocument, { ids: [approved] })).status).toBe(401);
  });
});
