import { createHmac, timingSafeEqual } from "node:crypto";

/** The media a valid token grants, and who it was issued to (the audit event of a download names them). */
export interface MediaGrant {
  readonly sessionId: string;
  readonly mediaId: string;
  /** The caller the link was issued to (API key name or JWT subject). */
  readonly caller?: string;
  readonly issuer?: string | null;
  /** The purpose that caller stated. */
  readonly purpose?: string | null;
}

/**
 * Signs and checks media capability tokens: base64url(JSON [session, media, expiry s, caller,
 * issuer, purpose]) + "." + HMAC-SHA256. The caller's name and purpose ride in the link (signed, not
 * secret: labels of the reader, never values of the person) so a download is recorded as theirs.
 */
export interface MediaTokens {
  sign(grant: MediaGrant, nowMs?: number): string;
  /** The grant, or undefined for a malformed, tampered or expired token. */
  verify(token: string, nowMs?: number): MediaGrant | undefined;
}

// Room for a 200-character purpose in any script (up to 800 bytes of UTF-8) besides the ids.
const MAX_TOKEN_LENGTH = 2048;

/** Media tokens under one secret; each lives `ttlSeconds`. */
export function createMediaTokens(secret: Buffer, ttlSeconds: number): MediaTokens {
  const mac = (payload: string) => createHmac("sha256", secret).update(payload).digest();
  return {
    sign({ sessionId, mediaId, caller, issuer, purpose }, nowMs = Date.now()) {
      const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
      const fields = caller === undefined ? [sessionId, mediaId, expiry] : [sessionId, mediaId, expiry, caller, issuer ?? null, purpose ?? null];
      const payload = Buffer.from(JSON.stringify(fields)).toString("base64url");
      return `${payload}.${mac(payload).toString("base64url")}`;
    },
    verify(token, nowMs = Date.now()) {
      if (token.length > MAX_TOKEN_LENGTH) return undefined;
      const dot = token.indexOf(".");
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a token without a dot or with an empty payload fails the MAC or the payload check below just the same; this only refuses it sooner
      if (dot <= 0) return undefined;
      const payload = token.slice(0, dot);
      // Compared as text in its one canonical base64url spelling: decoding first would accept other
      // spellings of the same bytes (padding, stray characters, spare low bits), so one link could be
      // rewritten into many that all work.
      const given = Buffer.from(token.slice(dot + 1));
      const expected = Buffer.from(mac(payload).toString("base64url"));
      // Constant-time: a token must not be guessable a byte at a time.
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      } catch {
        // Not JSON: left undefined, and refused by the shape check below.
      }
      if (!Array.isArray(parsed) || (parsed.length !== 3 && parsed.length !== 6)) return undefined;
      const [sessionId, mediaId, expiry, caller, issuer, purpose] = parsed as unknown[];
      if (typeof sessionId !== "string" || typeof mediaId !== "string" || typeof expiry !== "number") return undefined;
      if (expiry * 1000 <= nowMs) return undefined;
      if (parsed.length === 3) return { sessionId, mediaId };
      const label = (value: unknown) => (typeof value === "string" ? value : null);
      if (typeof caller !== "string") return undefined;
      return { sessionId, mediaId, caller, issuer: label(issuer), purpose: label(purpose) };
    },
  };
}
