// Serves examples/ and the graphql-ws browser client from node_modules, so the example pages need
// no CDN: `node scripts/serve-examples.mjs` (PORT, default 8080), then open the printed URL.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

const ROOT = new URL("../", import.meta.url);
/** The only files served: path -> [file, content type]. */
const FILES = {
  "/live-session.html": ["examples/live-session.html", "text/html; charset=utf-8"],
  "/media.html": ["examples/media.html", "text/html; charset=utf-8"],
  "/vendor/graphql-ws.js": ["node_modules/graphql-ws/umd/graphql-ws.min.js", "text/javascript; charset=utf-8"],
};

/** Starts the examples server; resolves with its URL and a close function. */
export async function startExamplesServer({ port = 8080, host = "127.0.0.1" } = {}) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    const entry = FILES[path === "/" ? "/live-session.html" : path];
    if (!entry || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    try {
      const body = await readFile(fileURLToPath(new URL(entry[0], ROOT)));
      res.writeHead(200, { "content-type": entry[1], "content-length": body.length, "cache-control": "no-store" }).end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(500, { "content-type": "text/plain" }).end("cannot read the file (run npm install first)\n");
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const { port: bound } = server.address();
  return {
    url: `http://${host === "0.0.0.0" ? "localhost" : host}:${bound}/`,
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { url } = await startExamplesServer({ port: Number(process.env.PORT ?? 8080), host: process.env.HOST ?? "localhost" });
  console.log(`Examples on ${url}: live-session.html?session=<id>, media.html?session=<id> (Ctrl-C to stop)`);
}
