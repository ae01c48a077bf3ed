import { readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "./config-error.js";
import { parseOrigins } from "./url-vars.js";

/** The scopes a caller can hold: the one list, used by config files, tokens and `@Authorized`. */
export const Scope = {
  SESSIONS_READ: "sessions:read",
  PII_READ: "pii:read",
  MEDIA_READ: "media:read",
  /** Tracked devices: personal data (IP addresses) apart from `pii:read`. */
  DEVICES_READ: "devices:read",
  /** Document values masked (last four characters, year of birth, initials, ...), no document images; `pii:read` wins when both are held. */
  PII_MASKED: "pii:masked",
  /** The audit trail: `auditEvents` and GET /audit/export. */
  AUDIT_READ: "audit:read",
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];
export const SCOPES: readonly Scope[] = Object.freeze(Object.values(Scope));

/** One API key, stored as the SHA-256 of the key. */
export interface ApiKeyEntry {
  readonly name: string;
  readonly sha256: Buffer;
  readonly scopes: readonly Scope[];
}

/** How callers prove who they are. Absent parts are off; all absent means open (development only). */
export interface AuthConfig {
  readonly apiKeys?: readonly ApiKeyEntry[];
  readonly jwt?: {
    readonly publicKeyPem?: string;
    readonly jwksUrl?: string;
    readonly issuer: string;
    readonly audience: string;
    /** Longest a token may live: older `iat`, or an `exp` further ahead, is refused. */
    readonly maxAgeSeconds: number;
  };
  /** GATEWAY_AUTH=none: explicitly open. */
  readonly explicitlyOpen: boolean;
}

/** Request limits, all configurable. */
export interface LimitsConfig {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
  readonly maxTokens: number;
  readonly maxBodyBytes: number;
  /** Distinct sessions one GraphQL request may read. */
  readonly maxSessionsPerRequest: number;
  /** Upstream media fetches one GraphQL request may make. */
  readonly maxMediaPerRequest: number;
  readonly corsOrigins: readonly string[];
}

const ApiKeysFile = z.array(
  z.object({
    name: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/i, "sha256 must be 64 hex characters"),
    scopes: z.array(z.enum(SCOPES as [Scope, ...Scope[]])),
  }),
);

function readApiKeys(path: string): ApiKeyEntry[] {
  let raw: string;
  try {
    raw = String(readFileSync(path));
  } catch {
    throw new ConfigError("GATEWAY_API_KEYS_FILE", `cannot read ${path}; point it at a JSON file of [{ "name", "sha256", "scopes" }]`);
  }
  let parsed;
  try {
    parsed = ApiKeysFile.safeParse(JSON.parse(raw));
  } catch {
    throw new ConfigError("GATEWAY_API_KEYS_FILE", `${path} is not JSON; expected [{ "name", "sha256", "scopes" }]`);
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError("GATEWAY_API_KEYS_FILE", `${path}: entry ${issue.path.join(".")}: ${issue.message}; scopes are ${SCOPES.join(", ")}`);
  }
  if (parsed.data.length === 0) throw new ConfigError("GATEWAY_API_KEYS_FILE", `${path} lists no keys`);
  return parsed.data.map((e) => Object.freeze({ name: e.name, sha256: Buffer.from(e.sha256, "hex"), scopes: Object.freeze(e.scopes) }));
}

/** Environment variables this module reads. */
export interface SecurityEnv {
  GATEWAY_AUTH?: string;
  GATEWAY_API_KEYS_FILE?: string;
  GATEWAY_JWT_PUBLIC_KEY_FILE?: string;
  GATEWAY_JWKS_URL?: string;
  GATEWAY_JWT_ISSUER?: string;
  GATEWAY_JWT_AUDIENCE?: string;
  GATEWAY_JWT_MAX_AGE_SECONDS: number;
}

/** Reads caller-auth settings; production refuses to run open unless told so. */
export function loadAuthConfig(env: SecurityEnv, production: boolean): AuthConfig {
  const mode = env.GATEWAY_AUTH?.trim();
  if (mode && mode !== "none") throw new ConfigError("GATEWAY_AUTH", `only "none" is accepted (run without caller auth); configure auth with GATEWAY_API_KEYS_FILE or GATEWAY_JWT_*`);
  const apiKeys = env.GATEWAY_API_KEYS_FILE?.trim() ? readApiKeys(env.GATEWAY_API_KEYS_FILE.trim()) : undefined;
  const keyFile = env.GATEWAY_JWT_PUBLIC_KEY_FILE?.trim();
  const jwksUrl = env.GATEWAY_JWKS_URL?.trim();
  let jwt: AuthConfig["jwt"];
  if (keyFile || jwksUrl) {
    if (keyFile && jwksUrl) throw new ConfigError("GATEWAY_JWKS_URL", "set either GATEWAY_JWT_PUBLIC_KEY_FILE or GATEWAY_JWKS_URL, not both");
    const issuer = env.GATEWAY_JWT_ISSUER?.trim();
    const audience = env.GATEWAY_JWT_AUDIENCE?.trim();
    if (!issuer) throw new ConfigError("GATEWAY_JWT_ISSUER", "is required with JWT auth: the `iss` your token issuer sets");
    if (!audience) throw new ConfigError("GATEWAY_JWT_AUDIENCE", "is required with JWT auth: the `aud` tokens for this gateway carry");
    let publicKeyPem: string | undefined;
    if (keyFile) {
      try {
        publicKeyPem = readFileSync(keyFile, "utf8");
      } catch {
        throw new ConfigError("GATEWAY_JWT_PUBLIC_KEY_FILE", `cannot read ${keyFile}; point it at the token issuer's PEM public key`);
      }
    }
    if (jwksUrl) {
      try {
        new URL(jwksUrl);
      } catch {
        throw new ConfigError("GATEWAY_JWKS_URL", `"${jwksUrl}" is not a URL`);
      }
    }
    jwt = Object.freeze({ publicKeyPem, jwksUrl, issuer, audience, maxAgeSeconds: env.GATEWAY_JWT_MAX_AGE_SECONDS });
  }
  const explicitlyOpen = mode === "none";
  if (production && !apiKeys && !jwt && !explicitlyOpen) {
    throw new ConfigError(
      "GATEWAY_AUTH",
      "NODE_ENV=production needs caller auth: set GATEWAY_API_KEYS_FILE, or GATEWAY_JWT_PUBLIC_KEY_FILE / GATEWAY_JWKS_URL, or GATEWAY_AUTH=none to run open deliberately",
    );
  }
  return Object.freeze({ apiKeys, jwt, explicitlyOpen });
}

/** Environment variables the limits come from (integers already range-checked by the env schema). */
export interface LimitsEnv {
  GATEWAY_MAX_DEPTH: number;
  GATEWAY_MAX_ALIASES: number;
  GATEWAY_MAX_COST: number;
  GATEWAY_MAX_TOKENS: number;
  GATEWAY_MAX_BODY_BYTES: number;
  GATEWAY_MAX_SESSIONS_PER_REQUEST: number;
  GATEWAY_MAX_MEDIA_PER_REQUEST: number;
  GATEWAY_CORS_ORIGINS?: string;
}

/** Reads the request limits. */
export function loadLimitsConfig(e: LimitsEnv): LimitsConfig {
  return Object.freeze({
    maxDepth: e.GATEWAY_MAX_DEPTH,
    maxAliases: e.GATEWAY_MAX_ALIASES,
    maxCost: e.GATEWAY_MAX_COST,
    maxTokens: e.GATEWAY_MAX_TOKENS,
    maxBodyBytes: e.GATEWAY_MAX_BODY_BYTES,
    maxSessionsPerRequest: e.GATEWAY_MAX_SESSIONS_PER_REQUEST,
    maxMediaPerRequest: e.GATEWAY_MAX_MEDIA_PER_REQUEST,
    corsOrigins: Object.freeze(parseOrigins(e.GATEWAY_CORS_ORIGINS)),
  });
}
