import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { SignJWT } from "jose";
import type { ApiKeyEntry, AuthConfig, Scope } from "../../src/config/security-config.js";

/** The SHA-256 hex of an API key, as GATEWAY_API_KEYS_FILE stores it. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** One GATEWAY_API_KEYS_FILE entry for `key`, as the gateway holds it (the hash, never the key). */
export function apiKeyEntry(name: string, key: string, scopes: Scope[]): ApiKeyEntry {
  return { name, sha256: Buffer.from(hashApiKey(key), "hex"), scopes };
}

/** The Authorization header that presents `token` (an API key or a JWT) as a bearer credential. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Now in seconds since the epoch, the unit of `iat` and `exp` (follows faked timers). */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The signing algorithms the gateway accepts, each with the key type it takes. */
export type JwtAlgorithm = "RS256" | "ES256" | "EdDSA";

/** A token issuer of the tests' own: a fresh key pair, and the gateway configuration that trusts it. */
export interface JwtIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly algorithm: JwtAlgorithm;
  readonly publicKey: KeyObject;
  /** The public key as the SPKI PEM GATEWAY_JWT_PUBLIC_KEY_FILE holds. */
  readonly publicKeyPem: string;
  /**
   * A signed token whose claims are `iss`, `aud`, `sub` (when the issuer has one), `iat` now and `exp` five
   * minutes on, each replaced by `claims`; a claim given as undefined is left out (JSON drops it).
   */
  sign(claims?: Record<string, unknown>, options?: { readonly keyId?: string }): Promise<string>;
  /** The gateway's `auth.jwt` section trusting this issuer: by its public key, or by `jwksUrl` when given. */
  authConfig(options?: { readonly maxAgeSeconds?: number; readonly jwksUrl?: string }): NonNullable<AuthConfig["jwt"]>;
}

const KEY_PAIRS: Record<JwtAlgorithm, () => { publicKey: KeyObject; privateKey: KeyObject }> = {
  RS256: () => generateKeyPairSync("rsa", { modulusLength: 2048 }),
  ES256: () => generateKeyPairSync("ec", { namedCurve: "P-256" }),
  EdDSA: () => generateKeyPairSync("ed25519"),
};

/** An issuer with its own key pair; the names default to the ones every test gateway trusts. A second issuer with the same names is a forger. */
export function createJwtIssuer(
  options: { readonly issuer?: string; readonly audience?: string; readonly subject?: string; readonly algorithm?: JwtAlgorithm } = {},
): JwtIssuer {
  const { issuer = "https://issuer.example", audience = "idv-graph", subject, algorithm = "RS256" } = options;
  const { publicKey, privateKey } = KEY_PAIRS[algorithm]();
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  return {
    issuer,
    audience,
    algorithm,
    publicKey,
    publicKeyPem,
    sign(claims = {}, { keyId } = {}) {
      const now = nowSeconds();
      return new SignJWT({ iss: issuer, aud: audience, sub: subject, iat: now, exp: now + 300, ...claims })
        .setProtectedHeader({ alg: algorithm, ...(keyId === undefined ? {} : { kid: keyId }) })
        .sign(privateKey);
    },
    authConfig({ maxAgeSeconds = 3600, jwksUrl } = {}) {
      return jwksUrl === undefined ? { publicKeyPem, issuer, audience, maxAgeSeconds } : { jwksUrl, issuer, audience, maxAgeSeconds };
    },
  };
}
