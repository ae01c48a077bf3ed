import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

/**
 * A WebSocket client written on a bare TCP socket, for what `ws` will not do: it answers a close
 * frame only when the test says so (or never), so a test can see what the server does meanwhile.
 */
export interface RawWebSocket {
  /** Resolves when the server's close frame arrived, with its code. */
  readonly closeFrame: Promise<number>;
  /** Resolves when the TCP connection is gone (ended or destroyed by the server). */
  readonly gone: Promise<void>;
  /** True once the TCP connection is gone. */
  isGone(): boolean;
  /** Sends a text frame. */
  sendText(text: string): void;
  /** Sends the close frame that acknowledges the server's. */
  acknowledgeClose(code: number): void;
}

/** A client frame: FIN, the opcode, masked as clients must. Payloads here stay under 64 KiB. */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const head = payload.length < 126 ? Buffer.from([0x80 | opcode, 0x80 | payload.length]) : Buffer.from([0x80 | opcode, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, mask, Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!))]);
}

/** Opens a graphql-transport-ws connection to `httpUrl` (path /graphql) and sends connection_init. */
export async function openRawWebSocket(httpUrl: string): Promise<RawWebSocket> {
  const url = new URL("graphql", httpUrl);
  const socket: Socket = connect(Number(url.port), url.hostname);
  let buffered = Buffer.alloc(0);
  let upgraded = false;
  let gone = false;
  let closeCode!: (code: number) => void;
  const closeFrame = new Promise<number>((resolve) => (closeCode = resolve));
  const goneP = new Promise<void>((resolve) => socket.once("close", () => ((gone = true), resolve())));
  socket.on("error", () => {});
  const opened = new Promise<void>((resolve, reject) => {
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString();
        if (!head.startsWith("HTTP/1.1 101")) return reject(new Error(head.split("\r\n")[0]));
        upgraded = true;
        buffered = buffered.subarray(end + 4);
        resolve();
      }
      // Server frames are unmasked; only the close frame's code matters here.
      while (buffered.length >= 2) {
        const opcode = buffered[0]! & 0x0f;
        let length = buffered[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffered.length < 4) return;
          length = buffered.readUInt16BE(2);
          offset = 4;
        }
        if (buffered.length < offset + length) return;
        if (opcode === 0x8) closeCode(length >= 2 ? buffered.readUInt16BE(offset) : 1005);
        buffered = buffered.subarray(offset + length);
      }
    });
  });
  socket.write(
    [
      `GET ${url.pathname} HTTP/1.1`,
      `Host: ${url.host}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`,
      "Sec-WebSocket-Version: 13",
      "Sec-WebSocket-Protocol: graphql-transport-ws",
      "",
      "",
    ].join("\r\n"),
  );
  await opened;
  const client: RawWebSocket = {
    closeFrame,
    gone: goneP,
    isGone: () => gone,
    sendText: (text) => void socket.write(clientFrame(0x1, Buffer.from(text))),
    acknowledgeClose: (code) => {
      const payload = Buffer.alloc(2);
      payload.writeUInt16BE(code);
      socket.write(clientFrame(0x8, payload));
    },
  };
  client.sendText(JSON.stringify({ type: "connection_init", payload: {} }));
  return client;
}
