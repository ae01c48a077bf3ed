import { connect } from "node:net";

/** What a server answered on a raw connection, and how long that took. */
export interface RawAnswer {
  readonly status: number;
  /** The whole answer as sent (head and body). */
  readonly text: string;
  readonly ms: number;
}

/**
 * Sends a request head announcing `contentLength` body bytes but writes only `sent` of them, then
 * resolves with the first answer: a server that waits for (or reads) the announced body before
 * answering is seen as a slow or different answer. The connection is closed after the answer.
 */
export function announceBody(url: string, path: string, headers: Record<string, string>, contentLength: number, sent: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      const head = Object.entries({ host: `${hostname}:${port}`, "content-type": "application/json", ...headers, "content-length": String(contentLength) })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("");
      socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n${sent}`);
    });
    let text = "";
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const end = text.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length: (\d+)/i.exec(text)?.[1];
      if (end >= 0 && length !== undefined && text.length >= end + 4 + Number(length)) {
        resolve({ status: Number(text.slice(9, 12)), text, ms: performance.now() - started });
        socket.destroy();
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`closed without a whole answer: ${JSON.stringify(text.slice(0, 200))}`)));
  });
}
