import { createClient, type Client } from "graphql-ws";
import type { Settings } from "../settings/settings";

/** The gateway's WebSocket URL: the GraphQL URL with ws(s) for http(s). */
export function socketUrlOf(gatewayUrl: string): string {
  const url = new URL(gatewayUrl, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

/** A graphql-ws client for one page's subscription; the key goes in connection_init (browsers cannot set headers on WebSockets). */
export function createLiveClient(settings: Settings): Client {
  return createClient({
    url: socketUrlOf(settings.gatewayUrl),
    connectionParams: settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {},
    lazy: true,
    // A dropped stream shows as such: the reviewer reloads rather than the page silently re-subscribing.
    retryAttempts: 0,
  });
}
