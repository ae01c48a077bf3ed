import { ConfigError } from "./config-error.js";

export const DEFAULT_IDV_API_URL = "https://api.yoti.com/idverify/v1";

/** YOTI_IDV_API_URL: an http(s) base without query, fragment or credentials, trailing slashes removed. */
export function parseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError("YOTI_IDV_API_URL", `"${raw}" is not a URL; use e.g. ${DEFAULT_IDV_API_URL}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError("YOTI_IDV_API_URL", `must be an http(s) URL such as ${DEFAULT_IDV_API_URL}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError("YOTI_IDV_API_URL", "must not carry a query, fragment or credentials; give only the base, e.g. " + DEFAULT_IDV_API_URL);
  }
  // Yoti's SDKs strip trailing slashes and append `/sessions/...`; so do we.
  return url.toString().replace(/\/+$/, "");
}

/** GATEWAY_PUBLIC_URL: the gateway's public http(s) base, trailing slashes removed. */
export function parsePublicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError("GATEWAY_PUBLIC_URL", `"${raw}" is not a URL; give the gateway's public origin, e.g. https://idv-graph.example.com`);
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash || url.username || url.password) {
    throw new ConfigError("GATEWAY_PUBLIC_URL", "must be an http(s) URL without query, fragment or credentials, e.g. https://idv-graph.example.com");
  }
  return url.toString().replace(/\/+$/, "");
}

/** GATEWAY_CORS_ORIGINS: comma-separated origins, each exactly an origin (scheme, host, port). */
export function parseOrigins(raw: string | undefined): string[] {
  const origins = (raw ?? "").split(",").map((o) => o.trim()).filter((o) => o !== "");
  for (const origin of origins) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      throw new ConfigError("GATEWAY_CORS_ORIGINS", `"${origin}" is not an origin; list origins like https://app.example.com, comma-separated`);
    }
  }
  return origins;
}
