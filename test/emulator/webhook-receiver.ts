import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One notification as the receiver saw it. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: { session_id: string; topic: string; resource_id?: string; task_id?: string; check_id?: string };
}

/** A local webhook endpoint that records every POST and answers from a script of statuses (then 200). */
export interface Receiver {
  url: string;
  received: Received[];
  /** Statuses for the next requests, in order; once used up, every request gets 200. */
  statuses: number[];
  /** Runs before each answer (e.g. to fetch the session the notification names); its errors land in `errors`. */
  onNotification?: (n: Received) => Promise<void>;
  errors: unknown[];
  close(): Promise<void>;
}

/** Start a receiver on an ephemeral loopback port. */
export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: "", received: [], statuses: [], errors: [], close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const n: Received = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, raw, body: JSON.parse(raw) };
      receiver.received.push(n);
      await receiver.onNotification?.(n).catch((err: unknown) => receiver.errors.push(err));
      res.writeHead(receiver.statuses.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/yoti/notifications`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}
