import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { StatsCounter } from "./stats.js";
import { authorizationFor, validateWebhook, type EmulatorWebhook } from "./webhook-config.js";

/** The id fields a notification may carry besides `session_id` and `topic`. */
export interface NotifyIds {
  resource_id?: string;
  task_id?: string;
  check_id?: string;
}

/** Outcome of one notification: the receiver's last HTTP status, or why there was none. */
export type NotifyResult = { status: number } | { error: string };

// A webhook sender's usual patience: a few quick tries, each bounded, so a dead receiver cannot stall a play.
const ATTEMPTS = 3;
const BACKOFF_MS = [100, 300];
const ATTEMPT_TIMEOUT_MS = 5_000;
const ID_KEYS = ["resource_id", "task_id", "check_id"] as const;

type Attempt = { status: number } | { error: string } | "cancelled";

/** Sends Yoti-style notifications (POST JSON with an Authorization header) to the configured webhook. */
export class WebhookNotifier {
  private webhook: EmulatorWebhook | undefined;
  private readonly closing = new AbortController();

  constructor(private readonly stats: StatsCounter) {}

  /** Point notifications at `webhook`, or stop sending them with undefined; throws TypeError when invalid. */
  setWebhook(webhook: unknown): void {
    this.webhook = webhook === undefined ? undefined : validateWebhook(webhook);
  }

  /** Whether a webhook is configured. */
  get configured(): boolean {
    return this.webhook !== undefined;
  }

  /**
   * POST one notification now, retrying network errors and non-2xx answers. Resolves `{status}` with the last
   * answer's status (2xx when delivered) or `{error}`; rejects only on invalid arguments. `cancel` drops it silently.
   */
  async send(sessionId: string, topic: string, ids: NotifyIds = {}, cancel?: AbortSignal): Promise<NotifyResult> {
    const body = Buffer.from(JSON.stringify(payload(sessionId, topic, ids)), "utf8");
    const webhook = this.webhook;
    if (this.closing.signal.aborted) return { error: "emulator closed" };
    if (!webhook) return { error: "no webhook configured" };
    const signals = cancel ? [this.closing.signal, cancel] : [this.closing.signal];
    let last: Attempt = { error: "not sent" };
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      if (attempt > 0 && !(await pause(BACKOFF_MS[attempt - 1]!, signals))) return { error: "cancelled" };
      last = await postOnce(webhook, body, signals);
      if (last === "cancelled") return { error: "cancelled" };
      if ("status" in last && last.status >= 200 && last.status < 300) {
        this.stats.notificationSent();
        return last;
      }
    }
    this.stats.notificationFailed();
    return last;
  }

  /** Abort every send in progress and refuse new ones. */
  close(): void {
    this.closing.abort();
  }
}

/** The JSON body Yoti posts: session_id, topic, then whichever id fields were given. */
function payload(sessionId: string, topic: string, ids: NotifyIds): Record<string, string> {
  if (typeof sessionId !== "string" || sessionId === "") throw new TypeError("sessionId must be a non-empty string");
  if (typeof topic !== "string" || topic === "") throw new TypeError("topic must be a non-empty string");
  if (!ids || typeof ids !== "object") throw new TypeError("ids must be an object");
  const unknown = Object.keys(ids).filter((k) => !(ID_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new TypeError(`unknown notification id field(s): ${unknown.join(", ")}`);
  const body: Record<string, string> = { session_id: sessionId, topic };
  for (const key of ID_KEYS) {
    const value = ids[key];
    if (value === undefined) continue;
    if (typeof value !== "string" || value === "") throw new TypeError(`${key} must be a non-empty string`);
    body[key] = value;
  }
  return body;
}

/** One POST with its own timeout; a fresh connection each time (no pooled sockets outlive the emulator). */
function postOnce(webhook: EmulatorWebhook, body: Buffer, signals: AbortSignal[]): Promise<Attempt> {
  if (signals.some((s) => s.aborted)) return Promise.resolve("cancelled");
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  for (const s of signals) s.addEventListener("abort", onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ATTEMPT_TIMEOUT_MS);
  const url = new URL(webhook.url);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<Attempt>((resolve) => {
    const fail = (err: unknown) => {
      if (timedOut) return resolve({ error: `no answer within ${ATTEMPT_TIMEOUT_MS} ms` });
      if (signals.some((s) => s.aborted)) return resolve("cancelled");
      // Only the error code: messages can carry the receiver's address, which is not ours to log.
      const code = (err as { code?: unknown } | null)?.code;
      resolve({ error: typeof code === "string" ? `network error (${code})` : "network error" });
    };
    const req = send(
      url,
      {
        method: "POST",
        agent: false,
        signal: controller.signal,
        headers: {
          "Content-Type": "application/json",
          "Content-Length": body.length,
          Authorization: authorizationFor(webhook),
        },
      },
      (res) => {
        res.on("error", fail);
        res.on("close", () => res.complete || fail(undefined));
        res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.resume(); // the receiver's answer body is of no interest, only its status
      },
    );
    req.on("error", fail);
    req.end(body);
  }).finally(() => {
    clearTimeout(timer);
    for (const s of signals) s.removeEventListener("abort", onAbort);
  });
}

/** Wait `ms`; resolves false at once if any signal aborts meanwhile. */
function pause(ms: number, signals: AbortSignal[]): Promise<boolean> {
  if (signals.some((s) => s.aborted)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener("abort", onAbort);
      resolve(false);
    };
    const timer = setTimeout(() => {
      for (const s of signals) s.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    for (const s of signals) s.addEventListener("abort", onAbort, { once: true });
  });
}
