// `npm run soak [-- --quick | --duration=<seconds>]`: two gateway replicas, Redis and the emulator on this
// machine under mixed load and scheduled faults; six invariants checked at the end. See bench/soak/README.md.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, killAllSync, stopAll, stopChild } from "../processes.js";
import { Balancer } from "./balancer.js";
import { checkDelivery } from "./checks/delivery.js";
import { checkExits } from "./checks/exits.js";
import { checkHttp } from "./checks/http.js";
import { checkLogs, type Needle } from "./checks/logs.js";
import { checkRss } from "./checks/rss.js";
import { checkUpstreamGets, GETS_FORMULA } from "./checks/upstream-gets.js";
import { Duplicates } from "./duplicates.js";
import { startEmulator } from "./emulator.js";
import { gatewayEnv } from "./env.js";
import { restartAfterCrash, runFaults } from "./faults.js";
import { runHostile } from "./hostile.js";
import { closeAgents } from "./http-client.js";
import { scrapeProcessErrors } from "./metrics.js";
import { parsePlan } from "./options.js";
import { personalValues } from "./personal-values.js";
import { Plays } from "./plays.js";
import { runQueryLoad } from "./query-load.js";
import { newRecorder } from "./record.js";
import { killRedisSync, soakRedis } from "./redis.js";
import { startRelay } from "./relay.js";
import { Replica } from "./replica.js";
import { print, summary, writeJson } from "./report.js";
import { Traffic } from "./traffic.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RESULTS_FILE = join(ROOT, "bench", "results", "soak-latest.json");
const STARTUP_TIMEOUT_MS = 60_000;
/** The gateway's production heap flags (Dockerfile, `npm start`). */
const GATEWAY_NODE_OPTIONS = "--max-old-space-size=96 --max-semi-space-size=16";
/** Short upstream limits, so a stalled upstream costs seconds of the run rather than the default 10 s deadline. */
const YOTI_TIMEOUT_MS = 1_500;
const YOTI_DEADLINE_MS = 3_000;
const EMULATOR_LATENCY_MS = 5;
const GATEWAY_SHUTDOWN_GRACE_MS = 1_500;
const GATEWAY_CACHE_TTL_SECONDS = 30;
/** The live demo session is the emulator's own; the HTTP load reads the other bundled demos. */
const LIVE_DEMO = "live-demo";

let shuttingDown = false;
const log = (line: string) => console.log(line);

/** Short commit id, with +dirty when tracked files changed. */
function gitCommit(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: ROOT, encoding: "utf8" }).trim() !== "";
    return dirty ? `${head}+dirty` : head;
  } catch {
    return "unknown";
  }
}

async function main(): Promise<number> {
  const plan = parsePlan(process.argv.slice(2));
  const started = Date.now();
  const logDir = await mkdtemp(join(tmpdir(), "idv-soak-"));
  const rec = newRecorder();
  // Start of the load phase (set below); crash windows opened during startup count from the process start.
  let t0 = started;
  // Credentials made up for this run: the log search looks for each of them.
  const secrets = {
    apiKey: `soak_${randomBytes(24).toString("hex")}`,
    webhookToken: randomBytes(24).toString("hex"),
    mediaSecret: randomBytes(36).toString("base64url"),
    metricsToken: randomBytes(16).toString("hex"),
  };
  const apiKeysFile = join(logDir, "api-keys.json");
  await writeFile(apiKeysFile, JSON.stringify([{ name: "soak", sha256: createHash("sha256").update(secrets.apiKey).digest("hex"), scopes: ["sessions:read", "pii:read", "media:read"] }]));
  log(`soak: ${plan.label} load phase, 2 replicas + Redis + emulator; logs in ${logDir}`);

  const redis = soakRedis(await freePort());
  await redis.start();
  const replicas: Replica[] = [];
  const balancer = new Balancer(replicas);
  const duplicates = new Duplicates(rec, balancer);
  const relay = await startRelay(rec, balancer, (body, authorization) => duplicates.consider(body, authorization));
  const emulator = await startEmulator(ROOT, { latencyMs: EMULATOR_LATENCY_MS, webhookUrl: relay.url, webhookToken: secrets.webhookToken }, STARTUP_TIMEOUT_MS);
  const ports = [await freePort(), await freePort()];
  for (const [i, name] of (["a", "b"] as const).entries()) {
    const env = gatewayEnv({
      port: ports[i]!,
      sdkId: emulator.sdkId,
      keyFile: emulator.keyFile,
      apiUrl: emulator.baseUrl,
      publicUrl: "http://soak-lb.localhost",
      apiKeysFile,
      mediaSecret: secrets.mediaSecret,
      metricsToken: secrets.metricsToken,
      webhookToken: secrets.webhookToken,
      redisUrl: redis.url,
      sessionCacheTtlSeconds: GATEWAY_CACHE_TTL_SECONDS,
      shutdownGraceMs: GATEWAY_SHUTDOWN_GRACE_MS,
      upstreamTimeoutMs: YOTI_TIMEOUT_MS,
      upstreamDeadlineMs: YOTI_DEADLINE_MS,
      federation: true,
      nodeOptions: GATEWAY_NODE_OPTIONS,
    });
    replicas.push(
      new Replica(name, ports[i]!, env, ROOT, logDir, rec, (replica, life) => {
        // An abort stops replicas without a planned stop: not worth a line, nor a restart.
        if (shuttingDown) return;
        log(`  replica ${replica.name}#${life.incarnation} exited unplanned (code ${life.exitCode}, signal ${life.exitSignal})`);
        restartAfterCrash(rec, replica, log, t0);
      }),
    );
  }
  await Promise.all(replicas.map((r) => r.exclusive(() => r.start(STARTUP_TIMEOUT_MS))));
  const demoIds = emulator.sessions.filter((s) => s.name !== LIVE_DEMO).map((s) => s.id);
  log(`  ready after ${((Date.now() - started) / 1000).toFixed(1)} s: replicas on ${ports.join(", ")}, ${demoIds.length} demo sessions`);

  const traffic = new Traffic(balancer, rec);
  const plays = new Plays(emulator, replicas, { balancer, rec, apiKey: secrets.apiKey }, plan);
  t0 = Date.now();
  const endAt = t0 + plan.durationS * 1000;
  const stopped = () => Date.now() >= endAt;
  const progress = setInterval(() => {
    const ok = rec.http.filter((r) => r.expected).length;
    log(`  t=${Math.round((Date.now() - t0) / 1000)}s: ${rec.http.length} requests (${ok} as expected), ${rec.notifications.length} notifications, ${rec.plays.length} plays, ${rec.instances.length} subscriptions, ${rec.windows.length} faults`);
  }, plan.durationS < 300 ? 10_000 : 30_000);
  await Promise.all([
    runQueryLoad({ traffic, rec, sessionIds: demoIds, apiKey: secrets.apiKey, loops: plan.httpLoops, thinkMs: plan.thinkMs }, stopped),
    runHostile({ traffic, apiKey: secrets.apiKey, sessionId: demoIds[0]!, perSecond: plan.hostilePerSecond, entitiesEveryMs: plan.entitiesEveryMs }, stopped),
    plays.run(endAt),
    runFaults({ rec, plan, emulator, redis, replicas, plays, demoSessionIds: demoIds, metricsToken: secrets.metricsToken, upstreamDeadlineMs: YOTI_DEADLINE_MS, t0, log }, endAt, stopped),
  ]);
  // Plays started before the end finish now; then nothing more is sent.
  await plays.finish(plan.durationS < 90 ? 8_000 : 20_000);
  await duplicates.drain();
  clearInterval(progress);
  // A crash restart still under way finishes first: the final stop must be a planned one.
  await Promise.all(replicas.map((r) => r.exclusive(async () => {})));
  const sessionGets = await emulator.sessionGets();
  await Promise.all(replicas.map((r) => scrapeProcessErrors(r, secrets.metricsToken).catch(() => {})));
  shuttingDown = true;
  await Promise.all(replicas.map((r) => r.exclusive(() => r.stop())));
  await balancer.close();
  await relay.close();
  await stopChild(emulator.child);
  await redis.kill();
  closeAgents();
  const loadSeconds = Math.round((endAt - t0) / 1000);

  const needles: Needle[] = [
    ...(await personalValues(join(ROOT, "src", "emulator", "data"))).map((value, i) => ({ label: `personal value #${i + 1} of the demo data (${value.length} chars)`, value })),
    { label: "the API key", value: secrets.apiKey },
    { label: "the webhook token", value: secrets.webhookToken },
    { label: "the media secret", value: secrets.mediaSecret },
    { label: "the metrics token", value: secrets.metricsToken },
  ];
  const results = [checkDelivery(rec, t0), checkHttp(rec), checkUpstreamGets(rec, sessionGets), await checkExits(rec, t0), checkRss(rec), await checkLogs(rec, needles)];
  const pass = results.every((r) => r.pass);
  // Everything observed, for checking a failure by hand; the logs and this go when every invariant passed.
  await writeFile(join(logDir, "record.json"), JSON.stringify({ t0, ...rec, mediaTokens: rec.mediaTokens.size, sessionGets }));
  if (pass) await rm(logDir, { recursive: true, force: true });
  const s = summary(rec, {
    plan: plan.label,
    loadSeconds,
    wallSeconds: Math.round((Date.now() - started) / 1000),
    machine: { cpus: availableParallelism(), node: process.version, commit: gitCommit() },
    logDir: pass ? `${logDir} (removed: every invariant passed)` : logDir,
    unroutable: traffic.unroutable,
  });
  print(results, s, GETS_FORMULA, log);
  await writeJson(RESULTS_FILE, results, s);
  log(`\nsoak ${pass ? "PASSED" : "FAILED"}; results in ${RESULTS_FILE}`);
  return pass ? 0 : 1;
}

let aborting: Promise<void> | undefined;

/** Ctrl-C or a kill: stop every child (SIGTERM, then SIGKILL) and Redis, then exit; once, whoever asks. */
function abort(code: number): Promise<void> {
  shuttingDown = true;
  return (aborting ??= (async () => {
    await stopAll();
    killRedisSync();
    process.exit(code);
  })());
}

process.on("SIGINT", () => void abort(130));
process.on("SIGTERM", () => void abort(143));
// Last resort on any exit path: nothing this run started outlives it.
process.on("exit", () => {
  killAllSync();
  killRedisSync();
});

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    // After Ctrl-C, requests to the stopped processes fail: that is the abort, not a second error.
    if (!aborting) console.error(`soak failed to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await abort(2);
  },
);
