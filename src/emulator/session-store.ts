import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { configurationFor, trackedDevicesFor, type SessionReadOverrides, type SessionReadPlan } from "./session-reads.js";

/** One servable session: its exact response bytes plus the media it references (id → declared media type). */
export interface StoredSession {
  id: string;
  body: Buffer;
  media: Map<string, string | undefined>;
}

/** In-memory sessions keyed by id; bodies are serialised once so serving is a plain write. */
export class SessionStore {
  private readonly sessions = new Map<string, StoredSession>();
  /** Demo sessions loaded from disk, in file-name order. */
  readonly demos: { id: string; name: string }[] = [];

  /** Load every `*.json` in `dir`; each file's `session_id` is the id it is served under. */
  async loadDir(dir: string): Promise<void> {
    const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
    for (const file of files) {
      const text = await readFile(join(dir, file), "utf8");
      const body: unknown = JSON.parse(text);
      const id = (body as { session_id?: unknown } | null)?.session_id;
      if (typeof id !== "string" || id === "") throw new Error(`${file}: session_id must be a non-empty string`);
      this.addDemo(basename(file, ".json"), id, body, file);
    }
  }

  /** Serve `body` as a named demo session; throws when the id is taken (e.g. a sessions file reusing it). */
  addDemo(name: string, id: string, body: unknown, origin: string = name): void {
    if (this.sessions.has(id)) throw new Error(`${origin}: duplicate session_id ${id}`);
    this.add(id, body);
    this.demos.push({ id, name });
  }

  /** Whether `id` is one of the listed demo sessions. */
  isDemo(id: string): boolean {
    return this.demos.some((d) => d.id === id);
  }

  /** Serve `body` under `id`. Strings and Buffers are served verbatim (raw fixture bytes); anything else is JSON-encoded. */
  add(id: string, body: unknown): void {
    let bytes: Buffer;
    let parsed: unknown;
    if (typeof body === "string" || Buffer.isBuffer(body)) {
      bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
      parsed = JSON.parse(bytes.toString("utf8").replace(/^\uFEFF/, ""));
    } else {
      bytes = Buffer.from(JSON.stringify(body), "utf8");
      parsed = body;
    }
    this.sessions.set(id, { id, body: bytes, media: collectMedia(parsed) });
  }

  /** The session served under `id`, if any. */
  get(id: string): StoredSession | undefined {
    return this.sessions.get(id);
  }

  // Kept apart from the bodies: a played session's body is replaced at every step, its plan is not.
  private readonly plans = new Map<string, SessionReadPlan>();
  private readonly overrides = new Map<string, SessionReadOverrides>();

  /** How `id`'s configuration and devices differ from what its body implies (data/session-reads.json, plays). */
  setReadPlan(id: string, plan: SessionReadPlan): void {
    this.plans.set(id, plan);
  }

  /** Serve these bodies verbatim for `id`'s configuration and/or tracked devices (a test's malformed data). */
  setReadOverrides(id: string, overrides: SessionReadOverrides): void {
    this.overrides.set(id, { ...this.overrides.get(id), ...overrides });
  }

  /** The body of `GET /sessions/{id}/configuration`, if the session exists. */
  configuration(id: string): unknown {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const override = this.overrides.get(id);
    if (override && "configuration" in override) return override.configuration;
    return configurationFor(parseBody(session.body), this.plans.get(id));
  }

  /** The body of `GET /sessions/{id}/tracked-devices`, if the session exists. */
  trackedDevices(id: string): unknown {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const override = this.overrides.get(id);
    if (override && "trackedDevices" in override) return override.trackedDevices;
    return trackedDevicesFor(parseBody(session.body), this.plans.get(id));
  }
}

/** A stored body parsed again (served bodies are kept as bytes); a body that is not JSON counts as empty. */
function parseBody(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8").replace(/^\uFEFF/, ""));
  } catch {
    return {};
  }
}

/**
 * Find every media id a session mentions: `{media: {id, type}}` objects anywhere, and `generated_media`
 * entries (which share ids with document_fields media, so either may be the only mention).
 */
export function collectMedia(root: unknown): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  const note = (m: unknown) => {
    if (m && typeof m === "object" && typeof (m as { id?: unknown }).id === "string") {
      const { id, type } = m as { id: string; type?: unknown };
      if (!found.has(id) || found.get(id) === undefined) found.set(id, typeof type === "string" ? type : undefined);
    }
  };
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "media") note(value);
      if (key === "generated_media" && Array.isArray(value)) value.forEach(note);
      walk(value);
    }
  };
  walk(root);
  return found;
}
