import { randomUUID } from "node:crypto";
import { exportJWK } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AuthConfig } from "../../src/config/security-config.js";
import { startJwksServer, type JwksServer } from "../support/jwks-server.js";
import { apiKeyEntry, createJwtIssuer, nowSeconds as now } from "../support/tokens.js";
import { AuthenticationError, CLOCK_TOLERANCE_SECONDS, createAuthenticator } from "../../src/server/graphql/authenticate.js";

const MAX_AGE = 600;
const SESSION = "9a7dbbfd-7190-486c-9066-91d372e4c6e2";

// One issuer per key type the gateway takes, all under the same names; the forger has the names but not the key.
const rsa = createJwtIssuer();
const ec = createJwtIssuer({ algorithm: "ES256" });
const ed = createJwtIssuer({ algorithm: "EdDSA" });
const forger = createJwtIssuer();
const jwtConfig = (rest: Partial<NonNullable<AuthConfig["jwt"]>>): AuthConfig => ({
  explicitlyOpen: false,
  jwt: { issuer: rsa.issuer, audience: rsa.audience, maxAgeSeconds: MAX_AGE, ...rest },
});
/** A token with these claims over iss/aud/iat/exp defaults (no sub), signed by the RSA issuer. */
const token = (claims: Record<string, unknown> = {}) => rsa.sign(claims);

/** The AuthenticationError's reason for this header. */
async function refusal(authenticate: (h: string | undefined) => Promise<unknown>, header: string | undefined): Promise<string> {
  try {
    await authenticate(header);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).name).toBe("AuthenticationError");
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
}

describe("no scheme configured", () => {
  it("every caller, with or without credentials, is anonymous with every scope", async () => {
    const authenticate = await createAuthenticator({ explicitlyOpen: true });
    for (const header of [undefined, "", "Bearer whatever"]) {
      const caller = await authenticate(header);
      expect(caller.name).toBe("anonymous");
      expect([...caller.scopes]).toEqual(["sessions:read", "pii:read", "media:read", "devices:read", "pii:masked", "audit:read"]);
      expect(caller.sessionIds).toBeUndefined();
    }
    // An empty key list is no scheme at all: the same anonymous caller, not a refusal.
    const noKeys = await (await createAuthenticator({ apiKeys: [], explicitlyOpen: false }))(undefined);
    expect(noKeys.name).toBe("anonymous");
    expect([...noKeys.scopes]).toEqual(["sessions:read", "pii:read", "media:read", "devices:read", "pii:masked", "audit:read"]);
  });
});

describe("API keys", () => {
  const keys = [apiKeyEntry("reader", "key-r", ["sessions:read"]), apiKeyEntry("full", "key-f", ["sessions:read", "pii:read", "media:read"]), apiKeyEntry("shadow", "key-r", [])];
  let authenticate: Awaited<ReturnType<typeof createAuthenticator>>;
  beforeAll(async () => {
    authenticate = await createAuthenticator({ apiKeys: keys, explicitlyOpen: false });
  });

  it("a listed key is its entry: name and scopes (the first entry wins for a repeated hash)", async () => {
    expect(await authenticate("Bearer key-f")).toEqual({ name: "full", scopes: new Set(["sessions:read", "pii:read", "media:read"]) });
    expect(await authenticate("Bearer key-r")).toEqual({ name: "reader", scopes: new Set(["sessions:read"]) });
  });

  it.each(["bearer key-f", "BEARER   key-f", "Bearer\tkey-f  "])("the scheme is case-insensitive and spaces around the key do not matter: %j", async (header) => {
    expect((await authenticate(header)).name).toBe("full");
  });

  it.each([undefined, "", "Bearer", "Bearer ", "key-f", "Basic key-f", "Bearer key-f extra", "XBearer key-f", "Token Bearer key-f"])(
    "%j carries no bearer token",
    async (header) => {
      expect(await refusal(authenticate, header)).toBe("missing bearer token");
    },
  );

  it("an unknown key, or a listed key with one character more, is refused", async () => {
    expect(await refusal(authenticate, "Bearer key-z")).toBe("unknown API key");
    expect(await refusal(authenticate, "Bearer key-fx")).toBe("unknown API key");
  });

  it("a key shaped like a JWT is still a key when JWTs are off", async () => {
    const dotted = await createAuthenticator({ apiKeys: [apiKeyEntry("dotted", "aaa.bbb.ccc", ["sessions:read"])], explicitlyOpen: false });
    expect((await dotted("Bearer aaa.bbb.ccc")).name).toBe("dotted");
  });
});

describe("JWTs", () => {
  let rs: Awaited<ReturnType<typeof createAuthenticator>>;
  beforeAll(async () => {
    rs = await createAuthenticator(jwtConfig({ publicKeyPem: rsa.publicKeyPem }));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("the caller is jwt:<sub> (64 characters at most) with the scopes of the scope claim", async () => {
    const exp = now() + 120;
    const caller = await rs(`Bearer ${await token({ sub: "user-7", scope: "sessions:read  pii:read\tadmin", exp })}`);
    // expiresAt: when verification starts refusing the token, which long-lived WebSocket streams end at.
    expect(caller).toEqual({ name: "jwt:user-7", scopes: new Set(["sessions:read", "pii:read"]), sessionIds: undefined, expiresAt: (exp + CLOCK_TOLERANCE_SECONDS) * 1000, issuer: rsa.issuer, purpose: undefined });
    expect((await rs(`Bearer ${await token({ sub: "u".repeat(100) })}`)).name).toBe(`jwt:${"u".repeat(64)}`);
    expect((await rs(`Bearer ${await token()}`)).name).toBe("jwt");
  });

  it("a purpose claim is kept trimmed when it is text of at most 200 characters; anything else is no purpose", async () => {
    expect((await rs(`Bearer ${await token({ purpose: "  fraud review " })}`)).purpose).toBe("fraud review");
    for (const purpose of ["x".repeat(201), "   ", 7, ["a"]]) expect((await rs(`Bearer ${await token({ purpose })}`)).purpose).toBeUndefined();
  });

  it("scopes as a list keep only known scope strings; anything else grants none", async () => {
    const listed = await rs(`Bearer ${await token({ scope: ["media:read", 7, "sessions:read", "root"] })}`);
    expect([...listed.scopes]).toEqual(["media:read", "sessions:read"]);
    expect([...(await rs(`Bearer ${await token({ scope: "sessions:read devices:read" })}`)).scopes]).toEqual(["sessions:read", "devices:read"]);
    expect([...(await rs(`Bearer ${await token({ scope: ["devices:read"] })}`)).scopes]).toEqual(["devices:read"]);
    for (const scope of [undefined, 42, { "sessions:read": true }]) {
      expect((await rs(`Bearer ${await token({ scope })}`)).scopes.size).toBe(0);
    }
  });

  it("idv_session_ids: absent is every session; a list of UUIDs is those, lower-cased; anything else is refused", async () => {
    expect((await rs(`Bearer ${await token()}`)).sessionIds).toBeUndefined();
    expect((await rs(`Bearer ${await token({ idv_session_ids: [SESSION.toUpperCase()] })}`)).sessionIds).toEqual(new Set([SESSION]));
    expect((await rs(`Bearer ${await token({ idv_session_ids: [] })}`)).sessionIds).toEqual(new Set());
    for (const grant of [SESSION, null, true, [SESSION, "all"], [SESSION, 1], [[SESSION]], { [SESSION]: true }]) {
      expect(await refusal(rs, `Bearer ${await token({ idv_session_ids: grant })}`)).toBe("invalid token");
    }
  });

  it.each([
    ["a wrong issuer", { iss: "https://evil.example" }],
    ["a wrong audience", { aud: "other" }],
    ["no exp", { exp: undefined }],
    ["no iat", { iat: undefined }],
    ["an iat older than the maximum age", { iat: now() - MAX_AGE - CLOCK_TOLERANCE_SECONDS - 5 }],
  ])("%s is refused", async (_what, claims) => {
    expect(await refusal(rs, `Bearer ${await token(claims)}`)).toBe("invalid token");
  });

  it("a token signed by another key, or with its signature cut, is refused", async () => {
    expect(await refusal(rs, `Bearer ${await forger.sign()}`)).toBe("invalid token");
    const jwt = await token();
    expect(await refusal(rs, `Bearer ${jwt.slice(0, jwt.lastIndexOf(".") + 5)}`)).toBe("invalid token");
  });

  it("a token's exp may lie at most the maximum age plus the clock tolerance ahead", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.UTC(2030, 0, 1, 12) });
    const t = now();
    expect((await rs(`Bearer ${await token({ iat: t, exp: t + MAX_AGE + CLOCK_TOLERANCE_SECONDS })}`)).name).toBe("jwt");
    expect(await refusal(rs, `Bearer ${await token({ iat: t, exp: t + MAX_AGE + CLOCK_TOLERANCE_SECONDS + 1 })}`)).toBe("invalid token");
  });

  it("the clock tolerance is 30 seconds either way", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.UTC(2030, 0, 1, 12) });
    const t = now();
    expect(CLOCK_TOLERANCE_SECONDS).toBe(30);
    expect((await rs(`Bearer ${await token({ iat: t - 100, exp: t - 25 })}`)).name).toBe("jwt");
    expect(await refusal(rs, `Bearer ${await token({ iat: t - 100, exp: t - 35 })}`)).toBe("invalid token");
    expect((await rs(`Bearer ${await token({ iat: t + 25, exp: t + 300 })}`)).name).toBe("jwt");
  });

  it("ES256 and EdDSA keys are recognised by their type", async () => {
    const es = await createAuthenticator(jwtConfig({ publicKeyPem: ec.publicKeyPem }));
    expect((await es(`Bearer ${await ec.sign({ sub: "e" })}`)).name).toBe("jwt:e");
    expect(await refusal(es, `Bearer ${await rsa.sign()}`)).toBe("invalid token");
    const eddsa = await createAuthenticator(jwtConfig({ publicKeyPem: ed.publicKeyPem }));
    expect((await eddsa(`Bearer ${await ed.sign({ sub: "d" })}`)).name).toBe("jwt:d");
  });

  it("a JWKS document in the key file (leading whitespace allowed)", async () => {
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(rsa.publicKey)), kid: "k1", alg: "RS256" }] });
    const local = await createAuthenticator(jwtConfig({ publicKeyPem: `\n  ${jwks}` }));
    expect((await local(`Bearer ${await rsa.sign({ sub: "j" }, { keyId: "k1" })}`)).name).toBe("jwt:j");
  });

  it("with API keys too: a JWT-shaped token is a JWT, anything else an API key", async () => {
    const both = await createAuthenticator({ ...jwtConfig({ publicKeyPem: rsa.publicKeyPem }), apiKeys: [apiKeyEntry("k", "plain-key", ["sessions:read"])] });
    expect((await both("Bearer plain-key")).name).toBe("k");
    expect((await both(`Bearer ${await token({ sub: "s" })}`)).name).toBe("jwt:s");
    expect(await refusal(both, "Bearer a.b.c")).toBe("invalid token");
    expect(await refusal(both, "Bearer a.b.c.d")).toBe("unknown API key");
    expect(await refusal(both, "Bearer a.b")).toBe("unknown API key");
    expect(await refusal(both, "Bearer a.b.c!")).toBe("unknown API key");
  });
});

describe("a JWKS URL", () => {
  let server: JwksServer;
  beforeAll(async () => {
    server = await startJwksServer(rsa, "k1", `/jwks-${randomUUID()}.json`);
  });
  afterAll(() => server?.close());

  it("is fetched and verifies tokens; a key it does not hold is refused", async () => {
    const remote = await createAuthenticator(jwtConfig({ jwksUrl: server.url }));
    expect((await remote(`Bearer ${await rsa.sign({ sub: "r" }, { keyId: "k1" })}`)).name).toBe("jwt:r");
    expect(server.fetches()).toBeGreaterThan(0);
    expect(await refusal(remote, `Bearer ${await forger.sign({}, { keyId: "k1" })}`)).toBe("invalid token");
  });
});
