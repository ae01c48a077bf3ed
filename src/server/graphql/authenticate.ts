import { MAX_PURPOSE_LENGTH } from "../../audit/audit-event.js";
import { createHash, createPublicKey, timingSafeEqual } from "node:crypto";
import { createLocalJWKSet, createRemoteJWKSet, importSPKI, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { SCOPES, type AuthConfig, type Scope } from "../../config/security-config.js";
import type { Caller } from "../../schema/resolver-context.js";
import { codedError } from "../../errors/coded-error.js";
import { ErrorCode } from "../../errors/error-codes.js";
import { Explain } from "../../errors/explain.js";
import { isSessionId } from "../../upstream/session-id.js";

type VerifyKey = Exclude<Parameters<typeof jwtVerify>[1], JWTVerifyGetKey> | JWTVerifyGetKey;

/** Seconds of clock difference tolerated between the token issuer and the gateway. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** Raised for missing or invalid credentials: the HTTP answer is 401 / UNAUTHENTICATED. */
export class AuthenticationError extends Error {
  override readonly name = "AuthenticationError";
}

/** Resolves the caller of a request from its Authorization header. */
export type Authenticator = (authorization: string | undefined) => Promise<Caller>;

const OPEN_CALLER: Caller = Object.freeze({ name: "anonymous", scopes: new Set<Scope>(SCOPES) });
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function bearer(authorization: string | undefined): string | undefined {
  // Stryker disable next-line StringLiteral: equivalent, any text without the Bearer form stands in for "no header" the same way
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}

function scopesFrom(claim: unknown): Set<Scope> {
  // Stryker disable next-line ArrayDeclaration,Regex: equivalent, whatever stands in for "no list" is filtered out below, and so are the empty names between repeated spaces
  const list = typeof claim === "string" ? claim.split(/\s+/) : Array.isArray(claim) ? claim : [];
  return new Set(list.filter((s): s is Scope => (SCOPES as readonly unknown[]).includes(s)));
}

/**
 * The session grant of `idv_session_ids`: absent means no restriction; anything present must be a
 * list of UUID strings. Fail closed: a string, null, "" or true is not "every session", it is a bad token.
 */
function sessionGrant(payload: JWTPayload): Set<string> | undefined {
  if (!("idv_session_ids" in payload)) return undefined;
  const ids = payload.idv_session_ids;
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === "string" && isSessionId(id))) {
    throw new AuthenticationError("invalid token");
  }
  return new Set(ids.map((id) => id.toLowerCase()));
}

/** A token must not outlive the configured maximum age, whatever its issuer put in `exp`. */
function checkLifetime(payload: JWTPayload, maxAgeSeconds: number): void {
  const now = Math.floor(Date.now() / 1000);
  // jose has checked that exp is present and a number (requiredClaims); a test fails if that goes.
  if (payload.exp! - now > maxAgeSeconds + CLOCK_TOLERANCE_SECONDS) {
    throw new AuthenticationError("invalid token");
  }
}

async function jwtKey(jwt: NonNullable<AuthConfig["jwt"]>): Promise<VerifyKey> {
  // jose's defaults: a 5 s fetch timeout, and at most one refetch per 30 s for unknown key ids.
  if (jwt.jwksUrl) return createRemoteJWKSet(new URL(jwt.jwksUrl));
  const pem = jwt.publicKeyPem!;
  // A JWKS document in the key file is accepted too; otherwise a PEM SPKI public key (RS256 or ES256 by its type).
  if (pem.trim().startsWith("{")) return createLocalJWKSet(JSON.parse(pem) as Parameters<typeof createLocalJWKSet>[0]);
  const key = createPublicKey(pem);
  const alg = key.asymmetricKeyType === "ec" ? "ES256" : key.asymmetricKeyType === "ed25519" ? "EdDSA" : "RS256";
  return importSPKI(pem, alg);
}

/** Builds the authenticator for the configured schemes; with none configured, every caller gets every scope. */
export async function createAuthenticator(auth: AuthConfig): Promise<Authenticator> {
  const apiKeys = auth.apiKeys ?? [];
  const jwt = auth.jwt;
  if (apiKeys.length === 0 && !jwt) return async () => OPEN_CALLER;
  const key = jwt ? await jwtKey(jwt) : undefined;

  return async (authorization) => {
    const token = bearer(authorization);
    if (!token) throw new AuthenticationError("missing bearer token");
    if (jwt && JWT_SHAPE.test(token)) {
      let payload: JWTPayload;
      try {
        // exp is required and iat with it (maxTokenAge): a token without them would be valid forever.
        ({ payload } = await jwtVerify(token, key! as JWTVerifyGetKey, {
          issuer: jwt.issuer,
          audience: jwt.audience,
          requiredClaims: ["exp"],
          maxTokenAge: jwt.maxAgeSeconds,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        }));
      } catch {
        // One reason for every bad token, here and in the checks below: which check failed is nothing a caller needs.
        throw new AuthenticationError("invalid token");
      }
      checkLifetime(payload, jwt.maxAgeSeconds);
      return {
        name: typeof payload.sub === "string" ? `jwt:${payload.sub.slice(0, 64)}` : "jwt",
        scopes: scopesFrom(payload.scope),
        sessionIds: sessionGrant(payload),
        issuer: jwt.issuer,
        purpose: purposeClaim(payload.purpose),
        // The moment jwtVerify would start refusing it (exp plus the tolerance it allows).
        expiresAt: (payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000,
      };
    }
    const digest = createHash("sha256").update(token, "utf8").digest();
    // Compare against every key, always, so timing says nothing about which (if any) matched.
    let found: (typeof apiKeys)[number] | undefined;
    for (const entry of apiKeys) {
      if (timingSafeEqual(digest, entry.sha256) && !found) found = entry;
    }
    if (!found) throw new AuthenticationError("unknown API key");
    return { name: found.name, scopes: new Set(found.scopes) };
  };
}

/** The error that ends a long-lived stream whose credential expired: the client reconnects with a fresh one. */
export function credentialExpiredError(): Error {
  return codedError(ErrorCode.UNAUTHENTICATED, Explain.credentialExpired);
}

/** A `purpose` claim within the limit, trimmed; anything else counts as none stated (PURPOSE_REQUIRED where one is required). */
function purposeClaim(claim: unknown): string | undefined {
  if (typeof claim !== "string") return undefined;
  const purpose = claim.trim();
  return purpose && purpose.length <= MAX_PURPOSE_LENGTH ? purpose : undefined;
}

/** Throws UNAUTHENTICATED once `caller`'s credential has expired; checked again before every event of a subscription. */
export function assertCurrent(caller: Caller, now = Date.now()): void {
  if (caller.expiresAt !== undefined && now >= caller.expiresAt) throw credentialExpiredError();
}
