// The webhook relay: the emulator's notifications arrive here and go on to one ready replica (round robin),
// as through a load balancer; the replica's status and body go back to the emulator (so its retries work as
// against Yoti), and each notification is recorded with the replica's answer.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Balancer } from "./balancer.js";
import { exchange, type Exchange } from "./http-client.js";
import type { NotificationRecord, Recorder } from "./record.js";
import type { Replica } from "./replica.js";

/** Path replicas take notifications on. */
export const WEBHOOK_PATH = "/webhooks/yoti";
/** How long a notification may wait for a ready replica: under the emulator's 5 s per-attempt timeout. */
const WAIT_FOR_READY_MS = 3_500;

/** The fields of a Yoti notification the soak needs. */
export interface Notification {
  readonly session_id: string;
  readonly topic: string;
  readonly resource_id?: string;
  readonly task_id?: string;
  readonly check_id?: string;
}

/** The subject id of a notification, whichever field carries it. */
export function subjectOf(n: Notification): string | undefined {
  return n.resource_id ?? n.task_id ?? n.check_id;
}

/** POSTs a notification body to one replica and records its answer. */
export async function deliver(rec: Recorder, replica: Replica, body: string, authorization: string, meta: Pick<NotificationRecord, "source" | "variant">): Promise<Exchange> {
  const incarnation = replica.life?.incarnation ?? 0;
  const x = await exchange(replica.url, { method: "POST", path: WEBHOOK_PATH, headers: { "content-type": "application/json", authorization }, body, timeoutMs: 4_000 });
  const n = JSON.parse(body) as Notification;
  let outcome = x.error ?? `status ${x.status}`;
  if (x.status === 200) {
    try {
      outcome = String((JSON.parse(x.body.toString("utf8")) as { status?: unknown }).status);
    } catch {
      outcome = "200 not JSON";
    }
  }
  rec.notifications.push({
    ...meta,
    sessionId: n.session_id.toLowerCase(),
    topic: n.topic.toLowerCase(),
    subjectId: subjectOf(n),
    replica: replica.name,
    incarnation,
    tSend: x.t0,
    tAnswer: x.t1,
    status: x.status,
    outcome,
  });
  rec.http.push({
    kind: meta.source === "emulator" ? "webhook" : "duplicate",
    op: n.topic,
    replica: replica.name,
    t0: x.t0,
    t1: x.t1,
    status: x.status,
    error: x.error,
    codes: [],
    expected: x.status === 200 && (outcome === "accepted" || outcome === "duplicate"),
    mismatch: x.status === 200 ? undefined : outcome,
  });
  return x;
}

/** The running relay. */
export interface Relay {
  /** Where the emulator should send its notifications. */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the relay on a free port; `onAccepted` hears of every notification a replica accepted. */
export async function startRelay(rec: Recorder, balancer: Balancer, onAccepted: (body: string, authorization: string, replica: Replica) => void): Promise<Relay> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const authorization = req.headers.authorization ?? "";
      let target = await balancer.waitPick(WAIT_FOR_READY_MS);
      let x: Exchange | undefined;
      if (target) {
        x = await deliver(rec, target, body, authorization, { source: "emulator" });
        // A refused connection reached no handler: a load balancer tries the next backend at once.
        if (x.error === "ECONNREFUSED") {
          const other = balancer.pick(target);
          if (other && other !== target) {
            target = other;
            x = await deliver(rec, other, body, authorization, { source: "emulator" });
          }
        }
      }
      if (!x || x.status === undefined) {
        // No replica, or no answer from it: the emulator retries, as Yoti would.
        res.writeHead(502, { "content-type": "application/json" }).end('{"status":"no replica answered"}');
        return;
      }
      res.writeHead(x.status, { "content-type": String(x.headers?.["content-type"] ?? "application/json") }).end(x.body);
      if (target && x.status === 200 && x.body.toString("utf8").includes('"accepted"')) onAccepted(body, authorization, target);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
