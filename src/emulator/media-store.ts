import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** What the content endpoint answers for one media id: bytes with a type, or 204 "content not available". */
export type MediaContent = { empty: true } | { empty: false; contentType: string; bytes: Buffer };

/** Media a test adds at run time: bytes with their Content-Type, or `{empty: true}` for a 204. */
export type EmulatorMedia = { contentType: string; bytes: Buffer } | { empty: true };

type ManifestEntry = { empty: true } | { file: string; contentType: string };

// Placeholders for media that an added session (e.g. an SDK fixture) references but the manifest lacks,
// so such sessions stay browsable end to end. Chosen by the media's declared `type`.
const PLACEHOLDER_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/** Media bytes loaded from a manifest (`index.json`: mediaId → {file, contentType} or {empty: true}), plus added ones. */
export class MediaStore {
  private readonly items = new Map<string, MediaContent>();

  /** Read the manifest in `dir` and every file it names; fails fast on a missing file or bad entry. */
  async loadDir(dir: string): Promise<void> {
    const manifest = JSON.parse(await readFile(join(dir, "index.json"), "utf8")) as Record<string, ManifestEntry>;
    for (const [id, entry] of Object.entries(manifest)) {
      if ("empty" in entry && entry.empty === true) {
        this.items.set(id, { empty: true });
      } else if ("file" in entry && typeof entry.file === "string" && typeof entry.contentType === "string") {
        const bytes = await readFile(join(dir, entry.file));
        this.items.set(id, { empty: false, contentType: entry.contentType, bytes });
      } else {
        throw new Error(`media manifest entry ${id} needs {file, contentType} or {empty: true}`);
      }
    }
  }

  /** Serve `content` for `id` from now on (replacing any manifest entry); throws TypeError on bad input. */
  add(id: string, content: EmulatorMedia): void {
    if (typeof id !== "string" || id === "") throw new TypeError("mediaId must be a non-empty string");
    this.items.set(id, validateMedia(content));
  }

  /** The manifest's (or a test's) answer for `id`, if it has one. */
  get(id: string): MediaContent | undefined {
    return this.items.get(id);
  }

  /** Every media id in the manifest. */
  ids(): string[] {
    return [...this.items.keys()];
  }
}

/** Stand-in content for a referenced media id that has no manifest entry, based on its declared type. */
export function placeholderFor(type: string | undefined): MediaContent {
  switch (type) {
    case "IMAGE":
      return { empty: false, contentType: "image/png", bytes: PLACEHOLDER_PNG };
    case "JSON":
      return { empty: false, contentType: "application/json", bytes: Buffer.from("{}") };
    default:
      return { empty: false, contentType: "application/octet-stream", bytes: Buffer.from([0x59, 0x4f, 0x54, 0x49]) };
  }
}

function validateMedia(content: unknown): MediaContent {
  if (!content || typeof content !== "object") throw new TypeError("media content must be an object");
  const raw = content as Record<string, unknown>;
  if (raw.empty === true) return { empty: true };
  // Printable ASCII only: the value becomes a header, where a CR/LF would make Node throw mid-response.
  if (typeof raw.contentType !== "string" || !/^[\x20-\x7e]+$/.test(raw.contentType)) {
    throw new TypeError("contentType must be a non-empty printable ASCII string");
  }
  if (!Buffer.isBuffer(raw.bytes)) throw new TypeError("bytes must be a Buffer");
  // A copy: a test reusing its buffer afterwards must not change what is served.
  return { empty: false, contentType: raw.contentType, bytes: Buffer.from(raw.bytes) };
}
