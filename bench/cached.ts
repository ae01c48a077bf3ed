// The `cached` scenario: c=32 on one finished session through a gateway with the session cache on,
// against the same SDK baseline as `throughput`; the emulator counts the session GETs made during
// the measured rounds. See bench/README.md ("cached") for what is measured.

/** The cache's TTL in the cached gateway: shorter than the measured rounds, so entries expire during them. */
export const CACHE_TTL_SECONDS = 30;

/** How often a Yoti notification about the measured session is sent during the measured rounds: each must cost at most one GET. */
export const NOTIFY_EVERY_MS = 2_000;

const WEBHOOK_TOKEN = "bench-cached-webhook-token-0123456789abcdef";

/** The figures `latest.json` keeps under `cached`. */
export interface CachedResult {
  gateway_rps: number;
  baseline_rps: number;
  /** Median of the per-round ratios gateway/baseline (target >= 8). */
  ratio: number;
  /** Session GETs the emulator served during the measured rounds (target: at most one per notification plus one per TTL). */
  upstream_gets: number;
  /** Notifications (webhooks) the gateway took (accepted, or a duplicate, which evicts too) during the measured rounds, each evicting the session from both caches. */
  notifications: number;
}

/** One measured round of one side, as the runner reports it. */
interface Round {
  rps: number;
  p50: number;
}

/** What the scenario needs from the runner. */
export interface CachedSetup {
  /** The emulator's control origin (stats and reset live there). */
  readonly emuOrigin: string;
  /** The cached gateway's base URL (its /metrics shows the cache's counters). */
  readonly gatewayUrl: string;
  readonly sessionId: string;
  /** Runs the cached gateway (a) and the baseline (b) alternately at c=32; `measuring` runs after the warm-ups. */
  alternate(measuring: () => Promise<void>): Promise<{ a: Round[]; b: Round[] }>;
  log(message: string): void;
}

/** What the runner prints besides `latest.json`'s object. */
export interface CachedRun {
  cached: CachedResult;
  /** Seconds from the end of the warm-ups to the end of the last round. */
  windowSeconds: number;
  /** The GET target for that window: one per notification, plus one per TTL started within it. */
  allowedGets: number;
  p50: { gateway: number; baseline: number };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round2 = (n: number) => Math.round(n * 100) / 100;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** The environment that turns the caches on in a gateway process (one switch: the response cache follows the session cache), and takes webhooks. */
export function cachedGatewayEnv(): Record<string, string> {
  return { GATEWAY_CACHE_TTL_SECONDS: String(CACHE_TTL_SECONDS), YOTI_WEBHOOK_AUTH_TYPE: "BEARER", YOTI_WEBHOOK_AUTH_TOKEN: WEBHOOK_TOKEN };
}

/** Sends a notification about `sessionId` every NOTIFY_EVERY_MS until stopped; resolves the count the gateway took. */
function notifyPeriodically(gatewayUrl: string, sessionId: string): () => Promise<number> {
  let accepted = 0;
  let sending = Promise.resolve();
  const send = async () => {
    const res = await fetch(new URL("webhooks/yoti", gatewayUrl), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${WEBHOOK_TOKEN}` },
      body: JSON.stringify({ session_id: sessionId, topic: "session_completion" }),
    });
    const body = (await res.json()) as { status?: string };
    // A repeat is answered "duplicate" and still evicts (the body may have changed after the first).
    if (res.status !== 200 || (body.status !== "accepted" && body.status !== "duplicate")) throw new Error(`cached: webhook answered ${res.status} ${JSON.stringify(body)}`);
    accepted += 1;
  };
  const timer = setInterval(() => (sending = sending.then(send)), NOTIFY_EVERY_MS);
  return async () => {
    clearInterval(timer);
    await sending;
    return accepted;
  };
}

async function emulator(origin: string, path: "stats" | "reset"): Promise<{ sessionGets: Record<string, number> }> {
  const res = await fetch(`${origin}/__emulator/${path}`, { method: path === "reset" ? "POST" : "GET" });
  if (!res.ok) throw new Error(`cached: emulator ${path}: HTTP ${res.status}`);
  return (await res.json()) as { sessionGets: Record<string, number> };
}

/** The cache's own counters from the gateway's /metrics, for the log. */
async function cacheCounters(gatewayUrl: string): Promise<string> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const lines = text.split("\n").filter((l) => l.startsWith("idv_graph_session_cache_") && l.includes('kind="session"'));
  const sessions = lines.map((l) => l.replace("idv_graph_session_cache_", "").replace(/\{kind="session"(,reason="(\w+)")?\}/, (_m, _r, reason?: string) => (reason ? `{${reason}}` : ""))).join(", ");
  const responses = text
    .split("\n")
    .filter((l) => l.startsWith("idv_graph_response_cache_"))
    .map((l) => l.replace("idv_graph_response_cache_", "").replace(/\{(?:outcome|reason)="(\w+)"\}/, "{$1}"))
    .join(", ");
  return `session cache: ${sessions}; response cache: ${responses}`;
}

/** Runs the scenario: the runner alternates the loads, this counts the GETs and sums up. */
export async function cachedScenario(setup: CachedSetup): Promise<CachedRun> {
  let startedAt = 0;
  let stopNotifying: (() => Promise<number>) | undefined;
  const res = await setup.alternate(async () => {
    await emulator(setup.emuOrigin, "reset");
    startedAt = performance.now();
    stopNotifying = notifyPeriodically(setup.gatewayUrl, setup.sessionId);
  });
  const notifications = (await stopNotifying?.()) ?? 0;
  const windowSeconds = (performance.now() - startedAt) / 1000;
  const stats = await emulator(setup.emuOrigin, "stats");
  const gets = Object.values(stats.sessionGets).reduce((a, b) => a + b, 0);
  setup.log(
    `  cached: ${gets} session GETs for ${notifications} notifications in ${windowSeconds.toFixed(0)} s of measured rounds (TTL ${CACHE_TTL_SECONDS} s); cache counters: ${await cacheCounters(setup.gatewayUrl)}`,
  );
  return {
    cached: {
      gateway_rps: round2(median(res.a.map((r) => r.rps))),
      baseline_rps: round2(median(res.b.map((r) => r.rps))),
      ratio: round3(median(res.a.map((r, i) => r.rps / res.b[i]!.rps))),
      upstream_gets: gets,
      notifications,
    },
    windowSeconds: round2(windowSeconds),
    allowedGets: notifications + Math.ceil(windowSeconds / CACHE_TTL_SECONDS),
    p50: { gateway: round2(median(res.a.map((r) => r.p50))), baseline: round2(median(res.b.map((r) => r.p50))) },
  };
}
