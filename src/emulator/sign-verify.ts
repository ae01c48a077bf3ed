import { verify, type KeyObject } from "node:crypto";
import type { ReplayCache } from "./replay-cache.js";

/** Outcome of checking one request's Yoti signature; `reason` is safe to return to the client. */
export type VerifyResult = { ok: true } | { ok: false; reason: string };

export interface SignedRequest {
  method: string;
  /** Raw request target with the mount path removed, exactly as received (clients sign it relative to their base URL). */
  target: string;
  body: Buffer;
  digest: string | undefined;
}

export interface VerifierOptions {
  sdkId: string;
  publicKey: KeyObject;
  replay: ReplayCache;
  /** Allowed distance between the request timestamp (ms) and now. */
  maxSkewMs?: number;
}

/** Rebuild the string a Yoti SDK signs: `METHOD&target`, plus `&base64(body)` only when a body was sent. */
export function buildSignedMessage(method: string, target: string, body: Buffer): string {
  const base = `${method.toUpperCase()}&${target}`;
  return body.length > 0 ? `${base}&${body.toString("base64")}` : base;
}

/** Read query parameters from the raw target without re-ordering; the first occurrence of a name wins. */
export function parseQuery(target: string): Map<string, string> | undefined {
  const params = new Map<string, string>();
  const q = target.indexOf("?");
  if (q < 0) return params;
  for (const pair of target.slice(q + 1).split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
    try {
      const key = decodeURIComponent(rawKey);
      if (!params.has(key)) params.set(key, decodeURIComponent(rawValue.replace(/\+/g, " ")));
    } catch {
      return undefined; // malformed percent-encoding: no SDK produces it, so treat as a bad request
    }
  }
  return params;
}

/** Checks signed requests the way the real API does (README "Request signing"), plus freshness and replay checks. */
export class RequestVerifier {
  private readonly maxSkewMs: number;

  constructor(private readonly opts: VerifierOptions) {
    this.maxSkewMs = opts.maxSkewMs ?? 5 * 60_000;
  }

  /** Verify one request; the nonce is only remembered once the signature is valid, so forgeries cannot burn nonces. */
  verify(req: SignedRequest, now = Date.now()): VerifyResult {
    if (!req.digest) return fail("missing X-Yoti-Auth-Digest header");
    const params = parseQuery(req.target);
    if (!params) return fail("malformed query string");
    // Go spells the parameter sdkID; every other SDK uses sdkId.
    const sdkId = params.get("sdkId") ?? params.get("sdkID");
    if (!sdkId) return fail("missing sdkId query parameter");
    if (sdkId !== this.opts.sdkId) return fail("unknown sdkId");
    const nonce = params.get("nonce");
    if (!nonce) return fail("missing nonce query parameter");
    const timestamp = params.get("timestamp");
    if (!timestamp) return fail("missing timestamp query parameter");
    if (!/^\d{1,16}$/.test(timestamp)) return fail("timestamp must be integer milliseconds");
    if (Math.abs(now - Number(timestamp)) > this.maxSkewMs) return fail("timestamp outside the allowed window");
    if (!this.signatureValid(req)) return fail("invalid request signature");
    if (!this.opts.replay.checkAndRemember(nonce, now)) return fail("nonce already used");
    return { ok: true };
  }

  private signatureValid(req: SignedRequest): boolean {
    const digest = req.digest ?? "";
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(digest)) return false;
    const message = Buffer.from(buildSignedMessage(req.method, req.target, req.body), "utf8");
    try {
      return verify("sha256", message, this.opts.publicKey, Buffer.from(digest, "base64"));
    } catch {
      return false; // e.g. a signature of the wrong length
    }
  }
}

function fail(reason: string): VerifyResult {
  return { ok: false, reason };
}
