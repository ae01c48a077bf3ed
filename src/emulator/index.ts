import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { FaultTable, type EmulatorFault } from "./faults.js";
import { InFlightTracker } from "./in-flight.js";
import { generateKey, loadKey } from "./keys.js";
import { liveIds, liveReadPlan } from "./live-demo-parts.js";
import { LIVE_DEMO_NAME, LIVE_DEMO_SESSION_ID } from "./live-demo-script.js";
import { MediaStore, type EmulatorMedia } from "./media-store.js";
import { WebhookNotifier, type NotifyIds, type NotifyResult } from "./notifier.js";
import { Player, type PlayHandle, type PlayOptions } from "./player.js";
import { ReplayCache } from "./replay-cache.js";
import { createHandler, normaliseMount } from "./routes.js";
import { SessionStore } from "./session-store.js";
import type { SessionReadOverrides, SessionReadPlan } from "./session-reads.js";
import { readFile } from "node:fs/promises";
import { RequestVerifier } from "./sign-verify.js";
import { StatsCounter, type EmulatorStats } from "./stats.js";
import type { EmulatorWebhook } from "./webhook-config.js";

export type { EmulatorStats } from "./stats.js";
export type { EmulatorFault } from "./faults.js";
export type { EmulatorMedia } from "./media-store.js";
export type { NotifyIds, NotifyResult } from "./notifier.js";
export type { PlayHandle, PlayOptions } from "./player.js";
export type { EmulatorWebhook } from "./webhook-config.js";
export type { SessionReadOverrides } from "./session-reads.js";
export { LIVE_DEMO_NAME, LIVE_DEMO_SESSION_ID } from "./live-demo-script.js";

export interface EmulatorOptions {
  /** Interface to bind; default "127.0.0.1". */
  host?: string;
  /** Port to bind; default 0 (ephemeral). */
  port?: number;
  /** SDK id that requests must carry; default DEMO_SDK_ID. */
  sdkId?: string;
  /** PEM private key (PKCS#1 or PKCS#8); default: a fresh RSA-2048 key in a 0600 temp file. */
  keyFile?: string;
  /** Folder of session JSON files; default: the bundled demo sessions. */
  sessionsDir?: string;
  /** Folder holding the media manifest (index.json) and files; default: the bundled media. */
  mediaDir?: string;
  /** Delay added before every API answer, for benchmarks; default 0. */
  latencyMs?: number;
  /** Path the API is served under; default "/idverify/v1". */
  mountPath?: string;
  /** Where notifications go (play steps and notify()); default none. */
  webhook?: EmulatorWebhook;
  /** Play the live demo once at start (about 16 s, ONGOING → COMPLETED); default false. */
  playOnStart?: boolean;
}

export interface Emulator {
  baseUrl: string;
  sdkId: string;
  keyFile: string;
  sessions: { id: string; name: string }[];
  stats(): EmulatorStats;
  resetStats(): void;
  addSession(id: string, body: unknown): void;
  /** Serve these bodies verbatim for a session's configuration and/or tracked devices (e.g. malformed ones); the session must be served too. */
  setSessionReads(id: string, overrides: SessionReadOverrides): void;
  /** Serve `content` for `mediaId` in any session whose body mentions that id (replaces a bundled entry). */
  addMedia(mediaId: string, content: EmulatorMedia): void;
  /** Make signed requests about `sessionId` ("*" = every session) misbehave; replaces that id's earlier rule. */
  setFault(sessionId: string, fault: EmulatorFault): void;
  /** Remove every fault rule (resetStats() leaves them in place). */
  clearFaults(): void;
  /** Send one notification now (topic sent verbatim), with retries; never rejects except on invalid arguments. */
  notify(sessionId: string, topic: string, ids?: NotifyIds): Promise<NotifyResult>;
  /** Point notifications at `webhook` (e.g. a gateway started later), or stop them with undefined. */
  setWebhook(webhook: EmulatorWebhook | undefined): void;
  /** (Re)start the scripted session: ONGOING → COMPLETED, one step every `stepMs`, notifying after each change. */
  play(options?: PlayOptions): PlayHandle;
  /** Stop every play and notification, then the server; idempotent. */
  close(): Promise<void>;
}

/** Fixed, obviously fake SDK id used when none is configured. */
export const DEMO_SDK_ID = "0d1e6f5a-7c3b-4e2a-9b8d-5f4c3a2b1e00";

const DATA_DIR = new URL("./data/", import.meta.url);

/** Start an emulated Yoti IDV API on a real HTTP server; resolves once it is listening. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const sdkId = opts.sdkId ?? DEMO_SDK_ID;
  const mountPath = normaliseMount(opts.mountPath ?? "/idverify/v1");
  const sessions = new SessionStore();
  await sessions.loadDir(opts.sessionsDir ?? fileURLToPath(new URL("sessions/", DATA_DIR)));
  // Demos whose configuration or devices differ from what their bodies imply (keyed by session id; others are derived).
  const plans = JSON.parse(await readFile(fileURLToPath(new URL("session-reads.json", DATA_DIR)), "utf8")) as Record<string, SessionReadPlan>;
  for (const [id, plan] of Object.entries(plans)) sessions.setReadPlan(id, plan);
  const supportedDocuments = await readFile(fileURLToPath(new URL("supported-documents.json", DATA_DIR)));
  const media = new MediaStore();
  await media.loadDir(opts.mediaDir ?? fileURLToPath(new URL("media/", DATA_DIR)));
  // Parse the key once: verifying is then a single crypto call per request.
  const key = opts.keyFile ? await loadKey(opts.keyFile) : await generateKey();
  const stats = new StatsCounter();
  const faults = new FaultTable();
  const notifier = new WebhookNotifier(stats);
  const player = new Player({ sessions, notifier });
  const inFlight = new InFlightTracker(stats);
  const verifier = new RequestVerifier({ sdkId, publicKey: key.publicKey, replay: new ReplayCache() });
  const latencyMs = opts.latencyMs ?? 0;
  const server = createServer(createHandler({ mountPath, latencyMs, sessions, media, verifier, stats, faults, player, inFlight, supportedDocuments }));
  try {
    // Before listening: a bad webhook or a sessions file reusing the live demo's id fails the start.
    notifier.setWebhook(opts.webhook);
    sessions.addDemo(LIVE_DEMO_NAME, LIVE_DEMO_SESSION_ID, player.initialBody(LIVE_DEMO_SESSION_ID));
    sessions.setReadPlan(LIVE_DEMO_SESSION_ID, liveReadPlan(liveIds(LIVE_DEMO_SESSION_ID)));
    await listen(server, opts.port ?? 0, opts.host ?? "127.0.0.1");
  } catch (err) {
    await key.dispose();
    throw err;
  }
  if (opts.playOnStart) player.play();
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://${host}:${address.port}${mountPath}`,
    sdkId,
    keyFile: key.keyFile,
    sessions: sessions.demos.map((s) => ({ ...s })),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    addSession: (id, body) => sessions.add(id, body),
    setSessionReads: (id, overrides) => sessions.setReadOverrides(id, overrides),
    addMedia: (mediaId, content) => media.add(mediaId, content),
    setFault: (sessionId, fault) => faults.set(sessionId, fault),
    clearFaults: () => faults.clear(),
    notify: (sessionId, topic, ids) => notifier.send(sessionId, topic, ids),
    setWebhook: (webhook) => notifier.setWebhook(webhook),
    play: (options) => player.play(options),
    close: () => {
      faults.clear();
      player.close();
      notifier.close();
      inFlight.serverClosingAll();
      return (closing ??= shutdown(server).then(() => key.dispose()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function shutdown(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Keep-alive sockets would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}
