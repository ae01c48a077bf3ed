import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { createClient, type Client, type ExecutionResult } from "graphql-ws";
import WebSocket from "ws";
import type { GatewayMetrics } from "../../src/server/observability/metrics.js";
import { startStack, type Stack } from "./stack.js";
import { bearer } from "./tokens.js";
import { until } from "./wait.js";

/** A webhook token long enough for the config rules. */
export const WEBHOOK_TOKEN = "test-webhook-token-0123456789";

/** The websocket URL of a gateway's HTTP URL. */
export const wsUrl = (httpUrl: string, path = "graphql") => httpUrl.replace(/^http/, "ws") + path;

/** A graphql-ws client (the ws package as its WebSocket), lazy off so connection errors show at once. */
export function wsClient(httpUrl: string, connectionParams?: Record<string, unknown>, extra: { headers?: Record<string, string> } = {}): Client {
  class HeaderSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: extra.headers });
    }
  }
  return createClient({ url: wsUrl(httpUrl), webSocketImpl: HeaderSocket, connectionParams, lazy: true, retryAttempts: 0 });
}

/** One subscription's results as they come, and how it ended. */
export interface Collected<T = any> {
  readonly events: ExecutionResult<T>[];
  /** Resolves when the stream completes (or fails), with the error if any. */
  readonly ended: Promise<unknown>;
  readonly isEnded: () => boolean;
  /** Waits until at least `n` results arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<ExecutionResult<T>[]>;
  stop(): void;
}

/** Subscribes and collects every result. */
export function collect<T = any>(client: Client, query: string, variables?: Record<string, unknown>, operationName?: string): Collected<T> {
  const events: ExecutionResult<T>[] = [];
  let ended = false;
  let endError: unknown;
  let resolveEnded!: (e: unknown) => void;
  const endedPromise = new Promise<unknown>((r) => (resolveEnded = r));
  const stop = client.subscribe<T>(
    { query, variables, operationName },
    {
      next: (value) => events.push(value as ExecutionResult<T>),
      error: (error) => {
        ended = true;
        endError = error;
        resolveEnded(error);
      },
      complete: () => {
        ended = true;
        resolveEnded(undefined);
      },
    },
  );
  return {
    events,
    ended: endedPromise,
    isEnded: () => ended,
    async waitFor(n, timeoutMs = 15_000) {
      await until(() => events.length >= n || ended, { timeoutMs, what: `${n} events (got ${events.length})` });
      if (events.length < n) throw new Error(`stream ended after ${events.length} events, wanted ${n}${endError ? `: ${JSON.stringify(endError)}` : ""}`);
      return events;
    },
    stop,
  };
}

/** POSTs a notification to the gateway's webhook route. */
export async function postWebhook(gatewayUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(new URL("webhooks/yoti", gatewayUrl), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, headers: res.headers };
}

/** The Authorization header Yoti sends with BEARER auth. */
export const bearerAuth = (token = WEBHOOK_TOKEN) => bearer(token);
/** The Authorization header Yoti sends with BASIC auth: base64 of the token as given. */
export const basicAuth = (token = WEBHOOK_TOKEN) => ({ authorization: `Basic ${Buffer.from(token, "utf8").toString("base64")}` });

/** A stack whose gateway takes webhooks (BEARER unless told) and whose emulator sends its notifications there. */
export async function startLiveStack(options: Parameters<typeof startStack>[0] & { authType?: "BASIC" | "BEARER" } = {}): Promise<Stack> {
  const authType = options.authType ?? "BEARER";
  const stack = await startStack({ ...options, live: { webhook: { authType, token: WEBHOOK_TOKEN }, ...options.live } });
  stack.emulator.setWebhook({ url: new URL("webhooks/yoti", stack.gateway.url).toString(), authType, token: WEBHOOK_TOKEN });
  return stack;
}

/** A played session parked in its initial state (ONGOING, nothing yet), to subscribe to before it moves. */
export function parkedSession(stack: Stack, sessionId = randomUUID()): string {
  stack.emulator.play({ sessionId, stepMs: 600_000, notify: false });
  return sessionId;
}

/** The GETs the emulator served for one session. */
export const getsOf = (stack: Stack, sessionId: string): number => stack.emulator.stats().sessionGets[sessionId] ?? 0;

/** A metric's value from a gateway's registry (0 when absent): a stack's or a replica's. */
export async function metricValue(gateway: { readonly metrics: GatewayMetrics }, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await gateway.metrics.registry.getSingleMetric(name)?.get();
  const match = metric?.values.find((v) => Object.entries(labels).every(([k, value]) => String(v.labels[k]) === value));
  return match?.value ?? 0;
}

/** A raw graphql-transport-ws socket (the ws package), its messages as they come, acknowledged unless `init` is false. */
export async function rawSocket(
  httpUrl: string,
  options: WebSocket.ClientOptions = {},
  path = "graphql",
  init: Record<string, unknown> | false = {},
): Promise<{ ws: WebSocket; messages: any[]; closed: Promise<number>; reason: Promise<string> }> {
  const ws = new WebSocket(wsUrl(httpUrl, path), "graphql-transport-ws", options);
  const messages: any[] = [];
  let closeReason = (_: string) => {};
  const reason = new Promise<string>((resolve) => (closeReason = resolve));
  const closed = new Promise<number>((resolve) => ws.on("close", (code, why) => (closeReason(String(why)), resolve(code))));
  ws.on("message", (data) => messages.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  if (init === false) return { ws, messages, closed, reason };
  ws.send(JSON.stringify({ type: "connection_init", payload: init }));
  await until(() => messages.some((m) => m.type === "connection_ack"), { timeoutMs: 5_000, what: "connection_ack" });
  return { ws, messages, closed, reason };
}

/** The HTTP status an upgrade attempt gets (101 when it succeeds). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}, options: WebSocket.ClientOptions = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, "graphql-transport-ws", { ...options, headers });
    ws.once("open", () => {
      ws.close();
      resolve(101);
    });
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once("error", () => {});
  });
}

/** The status and body a refused WebSocket upgrade gets (a 101 resolves with an empty body and is closed at once). */
export function upgradeAnswer(httpUrl: string, localAddress?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL("graphql", httpUrl), {
      localAddress,
      headers: { connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-protocol": "graphql-transport-ws" },
    });
    req.on("upgrade", (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, body: "" });
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk)).on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
