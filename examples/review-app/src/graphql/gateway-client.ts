import { Client, fetchExchange } from "@urql/core";
import { persistedExchange } from "@urql/exchange-persisted";
import { authHeaders, type Settings } from "../settings/settings";
import { documentHexOf } from "./document-id";

/**
 * The urql client for queries: every document goes by its id only (`extensions.persistedQuery`),
 * never its text, so it runs on a gateway whose GATEWAY_TRUSTED_DOCUMENTS_FILE is this app's
 * manifest. No cache exchange: a reviewer always sees the session as the gateway reads it now
 * (and urql's cache would rewrite documents, losing their persisted ids).
 */
export function createGatewayClient(settings: Settings): Client {
  return new Client({
    url: settings.gatewayUrl,
    requestPolicy: "network-only",
    fetchOptions: () => ({ headers: authHeaders(settings) }),
    exchanges: [
      persistedExchange({
        // Never fall back to sending the text: the gateway only runs listed documents.
        enforcePersistedQueries: true,
        // POST: the Authorization header makes it a CORS preflight anyway, and variables can be long (many ids).
        preferGetForPersistedQueries: false,
        generateHash: async (_text, document) => documentHexOf(document),
      }),
      fetchExchange,
    ],
  });
}
