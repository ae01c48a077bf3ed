import { randomUUID, sign, type KeyObject } from "node:crypto";

/** The three auth query parameters, in the order Yoti's Node SDK sends them. */
export function authQuery(sdkId: string, nonce: string = randomUUID(), timestamp: number = Date.now()): string {
  return `sdkId=${encodeURIComponent(sdkId)}&nonce=${encodeURIComponent(nonce)}&timestamp=${timestamp}`;
}

/** The message Yoti signs: `METHOD&<path relative to the base URL>?<query>` (no body part for GET). */
export function signedMessage(method: string, relativePath: string, query: string): string {
  return `${method}&${relativePath}?${query}`;
}

/**
 * RSA-SHA256 (PKCS#1 v1.5) over the UTF-8 message, base64: the `X-Yoti-Auth-Digest` value. Computed
 * on libuv's thread pool: RSA signing is the largest CPU cost of an upstream read (about 0.3 ms
 * here), and off the event loop it overlaps with parsing and executing others. `inline` signs on the
 * calling thread instead: for an attempt with nothing to overlap, the pool's hand-off and wake-up
 * (about 0.05 ms) are pure latency.
 */
export function signMessage(privateKey: KeyObject, message: string, inline = false): Promise<string> {
  if (inline) {
    try {
      return Promise.resolve(sign("sha256", Buffer.from(message), privateKey).toString("base64"));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
  return new Promise((resolve, reject) => {
    sign("sha256", Buffer.from(message), privateKey, (error, signature) => {
      if (error) reject(error);
      else resolve(signature.toString("base64"));
    });
  });
}

/**
 * Signs one attempt in place: sets the auth query on `url` and the digest header; `inline` when the
 * attempt is the only one in flight (see signMessage).
 */
export type RequestSigner = (method: string, url: URL, headers: Record<string, unknown>, inline?: boolean) => Promise<void>;

/** A signer for requests under `baseUrl`, with a fresh nonce and timestamp per call. */
export function createRequestSigner(baseUrl: string, sdkId: string, privateKey: KeyObject): RequestSigner {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  return async (method, url, headers, inline) => {
    const query = authQuery(sdkId);
    url.search = query;
    headers["x-yoti-auth-digest"] = await signMessage(privateKey, signedMessage(method, url.pathname.slice(basePath.length), query), inline);
  };
}
