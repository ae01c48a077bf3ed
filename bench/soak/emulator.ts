// The standalone emulator (src/emulator/main.ts, run from source) and the parts of its control API the soak uses.
import { join } from "node:path";
import { spawnNode, type Child } from "../processes.js";
import { emulatorEnv, type EmulatorSettings } from "./env.js";

/** A fault rule as the emulator's POST /__emulator/faults takes it. */
export interface UpstreamFault {
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  chunkDelayMs?: number;
  chunkBytes?: number;
  times: number;
}

/** The running emulator. */
export interface SoakEmulator {
  readonly child: Child;
  readonly baseUrl: string;
  readonly sdkId: string;
  readonly keyFile: string;
  /** The bundled demo sessions: the only ones the HTTP load queries. */
  readonly sessions: { id: string; name: string }[];
  setFault(sessionId: string, fault: UpstreamFault): Promise<void>;
  clearFaults(): Promise<void>;
  /** Starts playing a fresh session id (created at once in its first state). */
  play(sessionId: string, stepMs: number): Promise<void>;
  /** Accepted session GETs per session id since the start. */
  sessionGets(): Promise<Record<string, number>>;
}

/** Starts the emulator from source (tsx, `root` as working directory for the repo's tsconfig). */
export async function startEmulator(root: string, settings: EmulatorSettings, timeoutMs: number): Promise<SoakEmulator> {
  const child = spawnNode("emulator", ["--import", "tsx", join(root, "src", "emulator", "main.ts")], emulatorEnv(settings), { cwd: root });
  const info = JSON.parse(await child.firstLine(timeoutMs)) as { baseUrl: string; sdkId: string; keyFile: string; sessions: { id: string; name: string }[] };
  const origin = new URL(info.baseUrl).origin;
  const control = async (method: string, path: string, body?: unknown): Promise<string> => {
    const res = await fetch(`${origin}/__emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
    return text;
  };
  return {
    child,
    ...info,
    setFault: async (sessionId, fault) => void (await control("POST", "faults", { sessionId, ...fault })),
    clearFaults: async () => void (await control("DELETE", "faults")),
    play: async (sessionId, stepMs) => void (await control("POST", "play", { sessionId, stepMs })),
    sessionGets: async () => (JSON.parse(await control("GET", "stats")) as { sessionGets: Record<string, number> }).sessionGets,
  };
}
