import { createSign, randomUUID, type KeyLike } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll } from "vitest";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index.js";

/**
 * One emulator for the enclosing describe: started before its tests and closed after them; with
 * `isolate`, its faults and stats are wiped after each test so that no test sees another's. Returns a
 * getter, since the emulator only exists once the describe's beforeAll has run.
 */
export function emulatorForSuite(options: EmulatorOptions = {}, { isolate = false } = {}): () => Emulator {
  let em: Emulator | undefined;
  beforeAll(async () => {
    em = await startEmulator(options);
  });
  if (isolate) {
    afterEach(() => {
      em?.clearFaults();
      em?.resetStats();
    });
  }
  afterAll(() => em?.close());
  return () => {
    if (em === undefined) throw new Error("the suite's emulator is used before its beforeAll ran");
    return em;
  };
}

/** Media ids a session mentions, found independently of the emulator's own walker. */
export function mediaIdsIn(root: unknown): Set<string> {
  const ids = new Set<string>();
  JSON.stringify(root, (key, value) => {
    if (key === "media" && value && typeof value.id === "string") ids.add(value.id);
    if (key === "generated_media" && Array.isArray(value)) value.forEach((m: { id: string }) => ids.add(m.id));
    return value;
  });
  return ids;
}

/** How `signPath` signs: the SDK id and, for the rejection tests, the method, parameter spelling, nonce, time and order. */
export interface SignOptions {
  method?: string;
  sdkParam?: string;
  sdkId: string;
  nonce?: string;
  timestamp?: number;
  order?: ("sdk" | "nonce" | "timestamp")[];
}

/** Build a signed path (relative to the base URL) and its digest, the way the Yoti SDKs do. */
export function signPath(path: string, key: KeyLike, opts: SignOptions): { path: string; digest: string } {
  const parts: Record<string, string> = {
    sdk: `${opts.sdkParam ?? "sdkId"}=${encodeURIComponent(opts.sdkId)}`,
    nonce: `nonce=${opts.nonce ?? randomUUID()}`,
    timestamp: `timestamp=${opts.timestamp ?? Date.now()}`,
  };
  const query = (opts.order ?? ["sdk", "nonce", "timestamp"]).map((k) => parts[k]).join("&");
  const signed = `${path}?${query}`;
  const digest = createSign("RSA-SHA256").update(`${opts.method ?? "GET"}&${signed}`).sign(key, "base64");
  return { path: signed, digest };
}

/** One signed GET against an emulator (path relative to its base URL), signed with its own key unless `key` is given (a forgery), optionally aborted by `signal`. */
export function signedGet(em: { baseUrl: string; sdkId: string; keyFile: string }, path: string, options: { key?: KeyLike; signal?: AbortSignal } = {}): Promise<Response> {
  const signed = signPath(path, options.key ?? readFileSync(em.keyFile), { sdkId: em.sdkId });
  return fetch(em.baseUrl + signed.path, { headers: { "X-Yoti-Auth-Digest": signed.digest }, signal: options.signal });
}

/** Add a fresh session (random id, returned) whose body mentions `mediaId` as an IMAGE page. */
export function sessionWithImage(em: { addSession(id: string, body: unknown): void }, mediaId: string): string {
  const id = randomUUID();
  em.addSession(id, {
    session_id: id,
    state: "ONGOING",
    resources: {
      id_documents: [{ id: randomUUID(), tasks: [], pages: [{ capture_method: "UPLOAD", media: { id: mediaId, type: "IMAGE" } }] }],
    },
    checks: [],
  });
  return id;
}
