// The `live` scenario: 1,000 graphql-ws subscribers over 100 sessions on one gateway, then 100 webhooks.
// See bench/README.md ("live") for what is measured.
import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { benchGatewayEnv } from "./gateway-env.js";
import { freePort, rssBytes, spawnNode, waitForHttp } from "./processes.js";

const SESSIONS = 100;
const SUBSCRIBERS_PER_SESSION = 10;
/** Upstream latency the emulator adds to every answer: one "upstream round trip" of the target. */
export const LIVE_UPSTREAM_MS = 20;
const WEBHOOK_TOKEN = "bench-webhook-token-0123456789abcdef";
const STARTUP_TIMEOUT_MS = 30_000;
const CONNECT_BATCH = 50;
const SUBSCRIPTION = `subscription Live($id: ID!) {
  sessionUpdated(id: $id) { topic receivedAt checkId session { id state checks { type state report { recommendation { value } } } } }
}`;

/** What latest.json's `live` object holds. */
export interface LiveResults {
  subscribers: number;
  sessions: number;
  webhooks: number;
  /** Session GETs the emulator served for the webhooks (target: one per webhook). */
  upstream_gets: number;
  /** From sending a webhook to the last of its session's subscribers receiving the event. */
  delivery_p50_ms: number;
  delivery_p99_ms: number;
  upstream_latency_ms: number;
  /** Gateway RSS with every subscriber connected, highest sample during the webhooks. */
  rss_mb: number;
}

interface Subscriber {
  readonly session: string;
  /** performance.now() of each event's arrival. */
  readonly arrivals: number[];
  readonly topics: string[];
}

/** Copies of the ONGOING demo under fresh ids, so no subscription ends at its first event. */
async function addOngoingSessions(bundledDir: string, sessionsDir: string): Promise<string[]> {
  const ongoing = JSON.parse(await readFile(join(bundledDir, "ongoing.json"), "utf8")) as Record<string, unknown>;
  const ids = Array.from({ length: SESSIONS }, () => randomUUID());
  await Promise.all(ids.map((id, i) => writeFile(join(sessionsDir, `bench-live-${String(i).padStart(3, "0")}.json`), JSON.stringify({ ...ongoing, session_id: id }))));
  return ids;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`live: timed out waiting for ${what}`);
    await sleep(2);
  }
}

/** Runs the scenario with its own emulator and gateway processes; `log` prints progress. */
export async function liveScenario(dist: string, sessionsDir: string, nodeOptions: string, log: (m: string) => void): Promise<LiveResults> {
  const ids = await addOngoingSessions(join(dist, "emulator", "data", "sessions"), sessionsDir);
  const emulator = spawnNode("emulator", [join(dist, "emulator", "main.js")], {
    EMULATOR_PORT: "0",
    EMULATOR_HOST: "127.0.0.1",
    EMULATOR_LATENCY_MS: String(LIVE_UPSTREAM_MS),
    EMULATOR_SESSIONS_DIR: sessionsDir,
  });
  const emu = JSON.parse(await emulator.firstLine(STARTUP_TIMEOUT_MS)) as { baseUrl: string; sdkId: string; keyFile: string };
  const emuOrigin = new URL(emu.baseUrl).origin;
  const port = await freePort();
  const gateway = spawnNode(
    "gateway",
    [join(dist, "main.js")],
    benchGatewayEnv(emu, port, {
      YOTI_WEBHOOK_AUTH_TYPE: "BEARER",
      YOTI_WEBHOOK_AUTH_TOKEN: WEBHOOK_TOKEN,
      // Every subscriber connects from 127.0.0.1, as every client does behind a proxy: the pending budgets
      // (8 per address, 64 in all, by default) would refuse most of a batch of 50 with 503.
      GATEWAY_LIVE_MAX_PENDING: String(CONNECT_BATCH),
      GATEWAY_LIVE_MAX_PENDING_PER_ADDRESS: String(CONNECT_BATCH),
      NODE_OPTIONS: nodeOptions,
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(gateway, `${url}/health/ready`, STARTUP_TIMEOUT_MS);

  // One connection per subscriber, as each browser tab would have.
  const clients: Client[] = [];
  const subscribers: Subscriber[] = [];
  const failures: unknown[] = [];
  try {
    for (let start = 0; start < SESSIONS * SUBSCRIBERS_PER_SESSION; start += CONNECT_BATCH) {
      for (let i = start; i < start + CONNECT_BATCH; i++) {
        const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
        const subscriber: Subscriber = { session: ids[i % SESSIONS]!, arrivals: [], topics: [] };
        client.subscribe<{ sessionUpdated: { topic: string } }>(
          { query: SUBSCRIPTION, variables: { id: subscriber.session } },
          {
            next: (result) => {
              subscriber.arrivals.push(performance.now());
              if (result.errors || !result.data) failures.push(result.errors ?? "no data");
              else subscriber.topics.push(result.data.sessionUpdated.topic);
            },
            error: (error) => failures.push(error),
            complete: () => {},
          },
        );
        clients.push(client);
        subscribers.push(subscriber);
      }
      await until(() => subscribers.every((s) => s.arrivals.length >= 1) || failures.length > 0, 60_000, "first events");
    }
    if (failures.length) throw new Error(`live: a subscription failed: ${JSON.stringify(failures[0]).slice(0, 500)}`);
    log(`  ${subscribers.length} subscribers over ${SESSIONS} sessions, each with its first event`);
    await (await fetch(`${emuOrigin}/__emulator/reset`, { method: "POST" })).arrayBuffer();

    let rssPeak = (await rssBytes(gateway.pid)) ?? 0;
    const bySession = new Map<string, Subscriber[]>();
    for (const s of subscribers) bySession.set(s.session, [...(bySession.get(s.session) ?? []), s]);
    const latencies: number[] = [];
    // One webhook at a time: each measures one delivery, not a queue behind the others.
    for (const id of ids) {
      const mine = bySession.get(id)!;
      const t0 = performance.now();
      const res = await fetch(`${url}/webhooks/yoti`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${WEBHOOK_TOKEN}` },
        body: JSON.stringify({ session_id: id, topic: "check_completion", check_id: randomUUID() }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`live: webhook answered ${res.status}`);
      await until(() => mine.every((s) => s.arrivals.length >= 2) || failures.length > 0, 30_000, "a webhook's events");
      if (failures.length) throw new Error(`live: a subscription failed: ${JSON.stringify(failures[0]).slice(0, 500)}`);
      latencies.push(Math.max(...mine.map((s) => s.arrivals[1]!)) - t0);
      rssPeak = Math.max(rssPeak, (await rssBytes(gateway.pid)) ?? 0);
    }
    if (!subscribers.every((s) => s.topics.join() === "snapshot,check_completion")) throw new Error("live: a subscriber saw other events than snapshot, check_completion");
    const stats = (await (await fetch(`${emuOrigin}/__emulator/stats`)).json()) as { sessionGets: Record<string, number> };
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    log(`  delivery (ms): min ${sorted[0]!.toFixed(1)}, p50 ${pct(50).toFixed(1)}, p99 ${pct(99).toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)}`);
    return {
      subscribers: subscribers.length,
      sessions: SESSIONS,
      webhooks: ids.length,
      upstream_gets: Object.values(stats.sessionGets).reduce((a, b) => a + b, 0),
      delivery_p50_ms: Math.round(pct(50) * 100) / 100,
      delivery_p99_ms: Math.round(pct(99) * 100) / 100,
      upstream_latency_ms: LIVE_UPSTREAM_MS,
      rss_mb: Math.round((rssPeak / (1024 * 1024)) * 100) / 100,
    };
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
  }
}
