import { createSign, randomUUID, type KeyLike } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Bundled demo data, read straight from disk so tests compare against the files, not the emulator's view of them. */
export const DATA_DIR = fileURLToPath(new URL("../../src/emulator/data/", import.meta.url));

export interface DemoFile {
  name: string;
  body: { session_id: string; state?: string } & Record<string, unknown>;
}

/** Every demo session file, parsed. */
export function demoFiles(): DemoFile[] {
  const dir = `${DATA_DIR}sessions/`;
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ""), body: JSON.parse(readFileSync(dir + f, "utf8")) }));
}

export type ManifestEntry = { empty: true } | { file: string; contentType: string };

/** The media manifest (mediaId → entry). */
export function manifest(): Record<string, ManifestEntry> {
  return JSON.parse(readFileSync(`${DATA_DIR}media/index.json`, "utf8"));
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

/** One signed GET against an emulator (path relative to its base URL), optionally aborted by `signal`. */
export function signedGet(em: { baseUrl: string; sdkId: string }, key: KeyLike, path: string, signal?: AbortSignal): Promise<Response> {
  const signed = signPath(path, key, { sdkId: em.sdkId });
  return fetch(em.baseUrl + signed.path, { headers: { "X-Yoti-Auth-Digest": signed.digest }, signal });
}

/** Resolve once `check` holds, polling briefly (the server sees a request slightly after fetch starts). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
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
