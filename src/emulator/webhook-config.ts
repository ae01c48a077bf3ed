/** Where and how notifications are sent, like the `notifications` block of a Yoti session specification. */
export interface EmulatorWebhook {
  /** Receiver URL (http or https). */
  url: string;
  /** BASIC sends `Authorization: Basic base64(token)`, BEARER sends `Authorization: Bearer token`. */
  authType: "BASIC" | "BEARER";
  token: string;
}

/** Check a webhook config and return a frozen copy; throws TypeError whose message never contains the token. */
export function validateWebhook(input: unknown): EmulatorWebhook {
  if (!input || typeof input !== "object" || Array.isArray(input)) throw new TypeError("webhook must be an object");
  const raw = input as Record<string, unknown>;
  let url: URL;
  try {
    url = new URL(String(raw.url));
  } catch {
    throw new TypeError("webhook url must be an absolute http(s) URL");
  }
  if (typeof raw.url !== "string" || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new TypeError("webhook url must be an absolute http(s) URL");
  }
  if (raw.authType !== "BASIC" && raw.authType !== "BEARER") throw new TypeError("webhook authType must be BASIC or BEARER");
  // Printable ASCII: the token ends up in a header, where a CR/LF would be rejected (or worse, injected).
  if (typeof raw.token !== "string" || !/^[\x20-\x7e]+$/.test(raw.token)) {
    throw new TypeError("webhook token must be a non-empty printable ASCII string");
  }
  return Object.freeze({ url: raw.url, authType: raw.authType, token: raw.token });
}

/** The Authorization header value Yoti sends for `webhook`. */
export function authorizationFor(webhook: EmulatorWebhook): string {
  return webhook.authType === "BASIC"
    ? `Basic ${Buffer.from(webhook.token, "utf8").toString("base64")}`
    : `Bearer ${webhook.token}`;
}
