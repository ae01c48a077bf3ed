import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startJwksServer, type JwksServer } from "../support/jwks-server.js";
import { apiKeyEntry, bearer, createJwtIssuer, nowSeconds } from "../support/tokens.js";
import { ScopedFieldsDocument, SessionStatesDocument } from "../generated/graphql.js";
import { demoSession } from "../support/demo-data.js";
import { announceBody } from "../support/raw-http.js";
import { startStack, type Stack } from "../support/stack.js";

const approved = demoSession("approved").session_id as string;
const rejected = demoSession("rejected").session_id as string;
const KEYS = { reader: `rk_${randomUUID()}`, full: `fk_${randomUUID()}`, mediaOnly: `mk_${randomUUID()}` };
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
    expect(fields.media!.id).toBe(demoSession("approved").resources.id_documents[0].document_fields.media.id);
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
    expect(res.data!.session!.clientSessionToken).toBe(demoSession("approved").client_session_token);
  });

  it("no sessions:read: the session is FORBIDDEN with no upstream call", async () => {
    const res = await stack.queryAs(bearer(KEYS.mediaOnly), ScopedFieldsDocument, { id: approved });
    expect(res.data?.session).toBeNull();
    expect(codesAt(res.errors)).toEqual({ session: "FORBIDDEN" });
    expect(stack.emulator.stats().total).toBe(0);
  });
});

describe("JWT (public key file and JWKS URL), issuer, audience, scopes, session grant", () => {
  const issuer = createJwtIssuer({ subject: "frontend-user-42" });
  // Same names, another key: what a forger would sign with.
  const forger = createJwtIssuer({ subject: "frontend-user-42" });
  let stack: Stack;
  let jwksStack: Stack;
  let jwksServer: JwksServer;

  // Every token names the JWKS key, so one token serves both gateways.
  const token = (claims: Record<string, unknown>, signer = issuer) => signer.sign(claims, { keyId: "k1" });

  beforeAll(async () => {
    stack = await startStack({ auth: { jwt: issuer.authConfig() } });
    jwksServer = await startJwksServer(issuer, "k1");
    jwksStack = await startStack({ auth: { jwt: issuer.authConfig({ jwksUrl: jwksServer.url }) } });
  });
  afterAll(async () => {
    await stack?.close();
    await jwksStack?.close();
    await jwksServer?.close();
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
    ["wrong audience", () => token({ scope: "sessions:read", aud: "someone-else" })],
    ["wrong issuer", () => token({ scope: "sessions:read", iss: "https://evil.example" })],
    ["expired", () => token({ scope: "sessions:read", exp: nowSeconds() - 60 })],
    ["signed by another key", () => token({ scope: "sessions:read" }, forger)],
  ])("%s: 401", async (_name, sign) => {
    const jwt = await sign();
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
    const forged = await token({ scope: "sessions:read" }, forger);
    expect((await jwksStack.queryAs(bearer(forged), SessionStatesDocument, { ids: [approved] })).status).toBe(401);
  });
});
