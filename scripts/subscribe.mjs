// Follows one session from the command line: `npm run subscribe -- <session id>`.
// Prints each sessionUpdated event's time, topic and session state (never personal data) and exits
// when the gateway ends the stream (0), or when it fails (1). GATEWAY_URL (default
// http://localhost:4000/); AUTHORIZATION (a whole header value) or GATEWAY_API_KEY (sent as Bearer).
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const SUBSCRIPTION = "subscription CliSessionUpdated($id: ID!) { sessionUpdated(id: $id) { topic receivedAt session { state } } }";

/** The ws(s) URL of the gateway's HTTP URL. */
function socketUrl(httpUrl) {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

/** The credential for connection_init, from the environment, or none. */
function authorization(env) {
  if (env.AUTHORIZATION) return env.AUTHORIZATION;
  return env.GATEWAY_API_KEY ? `Bearer ${env.GATEWAY_API_KEY}` : undefined;
}

/** A graphql-ws failure as one line: the GraphQL errors' codes and messages, or the close code. */
function describe(error) {
  if (Array.isArray(error)) return error.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("; ");
  if (error && typeof error.code === "number") return `connection closed (${error.code}${error.reason ? `: ${error.reason}` : ""})`;
  return error instanceof Error ? error.message : "connection failed";
}

const id = process.argv[2];
if (!id || process.argv.length > 3) {
  console.error("usage: npm run subscribe -- <session id>   (GATEWAY_URL, AUTHORIZATION or GATEWAY_API_KEY)");
  process.exit(2);
}
const gateway = process.env.GATEWAY_URL || "http://localhost:4000/";
const auth = authorization(process.env);
const client = createClient({
  url: socketUrl(gateway),
  webSocketImpl: WebSocket,
  connectionParams: auth ? { authorization: auth } : {},
  lazy: true,
  retryAttempts: 0,
});

const code = await new Promise((resolve) => {
  const stop = client.subscribe(
    { query: SUBSCRIPTION, variables: { id } },
    {
      next: ({ data, errors }) => {
        const update = data?.sessionUpdated;
        if (update) console.log(`${update.receivedAt} ${update.topic} ${update.session?.state ?? "(session unavailable)"}`);
        for (const e of errors ?? []) console.error(`${e.extensions?.code ?? "ERROR"}: ${e.message}`);
      },
      error: (error) => {
        console.error(describe(error));
        resolve(1);
      },
      complete: () => {
        console.log("stream ended");
        resolve(0);
      },
    },
  );
  process.once("SIGINT", () => (stop(), resolve(130)));
});
await client.dispose();
process.exit(code);
