import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const MEDIA_DIR = fileURLToPath(new URL("../../src/emulator/data/media/", import.meta.url));

type ManifestEntry = { file: string; contentType: string } | { empty: true };
const manifest = JSON.parse(readFileSync(`${MEDIA_DIR}index.json`, "utf8")) as Record<string, ManifestEntry>;

/** The bytes and type the emulator serves for a media id; null for its 204 ("not available") media. */
export function emulatorMedia(mediaId: string): { bytes: Buffer; contentType: string } | null {
  const entry = manifest[mediaId];
  if (!entry) throw new Error(`media ${mediaId} is not in the emulator's manifest`);
  if ("empty" in entry) return null;
  return { bytes: readFileSync(MEDIA_DIR + entry.file), contentType: entry.contentType };
}

/** Every media id the emulator's manifest knows. */
export function emulatorMediaIds(): string[] {
  return Object.keys(manifest);
}
