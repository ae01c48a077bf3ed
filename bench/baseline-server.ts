// The benchmark's baseline: the least a backend could do with the official Yoti SDK.
// `GET /sessions/:id` -> IDVClient.getSession against the same upstream -> JSON.stringify of the raw result.
// No GraphQL, no validation, no field selection: what the gateway is compared against.
//
// Env: BASELINE_PORT (default 0 = ephemeral), BASELINE_HOST (default 127.0.0.1),
//      YOTI_CLIENT_SDK_ID, YOTI_KEY_FILE_PATH, YOTI_IDV_API_URL (all required).
// First stdout line is JSON {"url"} once listening.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import yoti from "yoti";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`baseline: ${name} is required\n`);
    process.exit(1);
  }
  return value;
}

const sdkId = required("YOTI_CLIENT_SDK_ID");
const pem = readFileSync(required("YOTI_KEY_FILE_PATH"), "utf8");
const apiUrl = required("YOTI_IDV_API_URL");
// Created once. The SDK re-parses the PEM on every request: that is its real cost, so it stays.
const client = new yoti.IDVClient(sdkId, pem, { apiUrl });

const SESSION_PATH = /^\/sessions\/([^/?]+)(?:\?.*)?$/;

const server = createServer((req, res) => {
  const url = req.url ?? "/";
  if (req.method === "GET" && url === "/health") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"status":"ok"}');
    return;
  }
  const match = req.method === "GET" ? SESSION_PATH.exec(url) : null;
  if (!match) {
    res.writeHead(404, { "content-type": "application/json" });
    res.end('{"error":"not found"}');
    return;
  }
  client.getSession(decodeURIComponent(match[1]!)).then(
    (result: unknown) => {
      const body = JSON.stringify(result);
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    },
    () => {
      res.writeHead(502, { "content-type": "application/json" });
      res.end('{"error":"upstream failed"}');
    },
  );
});

server.listen(Number(process.env.BASELINE_PORT ?? 0), process.env.BASELINE_HOST || "127.0.0.1", () => {
  const { address, port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://${address}:${port}` })}\n`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
