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

/** Build a signed path (relative to the base URL) and its digest, the way the Yoti SDKs do (api doc §2.1). */
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
