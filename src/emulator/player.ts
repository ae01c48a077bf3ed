import { liveIds, liveReadPlan } from "./live-demo-parts.js";
import { LIVE_DEMO_SESSION_ID, LIVE_STEP_COUNT, liveSessionBody, liveStepNotification } from "./live-demo-script.js";
import type { WebhookNotifier } from "./notifier.js";
import type { SessionStore } from "./session-store.js";

/** How to play a session from ONGOING to COMPLETED. */
export interface PlayOptions {
  /** Session to (re)create and advance; default the live demo's fixed id. */
  sessionId?: string;
  /** Time from one step (and its notification's delivery) to the next; default 2000 ms. */
  stepMs?: number;
  /** Send each step's notification when a webhook is configured; default true. */
  notify?: boolean;
}

/** A started play: `done` resolves after its last step's notification settled, or at once when cancelled. */
export interface PlayHandle {
  sessionId: string;
  done: Promise<void>;
}

interface Run {
  timer: NodeJS.Timeout | undefined;
  cancel: AbortController;
  finish: () => void;
}

const PLAY_KEYS = new Set(["sessionId", "stepMs", "notify"]);

/** Runs the scripted sessions (live-demo-script.ts): one timer chain per session id, restartable and cancellable. */
export class Player {
  private readonly runs = new Map<string, Run>();
  private closed = false;

  constructor(private readonly deps: { sessions: SessionStore; notifier: WebhookNotifier }) {}

  /** The script's initial body for `sessionId`: what the listed live demo shows before any play. */
  initialBody(sessionId: string): unknown {
    return liveSessionBody(liveIds(sessionId), [stampAfter(undefined)]);
  }

  /** Start (or restart) a play; throws TypeError on invalid options or a bundled demo's id. */
  play(options: PlayOptions = {}): PlayHandle {
    if (this.closed) throw new Error("emulator is closed");
    const { sessionId, stepMs, notify } = validatePlayOptions(options);
    if (sessionId !== LIVE_DEMO_SESSION_ID && this.deps.sessions.isDemo(sessionId)) {
      throw new TypeError("sessionId is a bundled demo session, which other tests rely on; play another id");
    }
    this.stop(sessionId);
    const ids = liveIds(sessionId);
    // The configuration is the finished session's from the first step, as Yoti's is fixed when a session is created.
    this.deps.sessions.setReadPlan(sessionId, liveReadPlan(ids));
    const stamps: string[] = [];
    const run: Run = { timer: undefined, cancel: new AbortController(), finish: () => {} };
    const done = new Promise<void>((resolve) => (run.finish = resolve));
    this.runs.set(sessionId, run);
    const advance = async () => {
      stamps.push(stampAfter(stamps.at(-1)));
      this.deps.sessions.add(sessionId, liveSessionBody(ids, stamps));
      // Only after the body changed, and the next step only once this notification settled: a receiver that
      // fetches the session before answering sees exactly the notified state, and notifications stay in order.
      const note = notify ? liveStepNotification(ids, stamps.length) : undefined;
      if (note) await this.deps.notifier.send(sessionId, note.topic, note.ids, run.cancel.signal);
      if (run.cancel.signal.aborted) return;
      if (stamps.length < LIVE_STEP_COUNT) {
        run.timer = setTimeout(advance, stepMs);
        return;
      }
      this.runs.delete(sessionId);
      run.finish();
    };
    void advance();
    return { sessionId, done };
  }

  /** Cancel every play: timers stop, pending notifications are dropped, `done` promises resolve. */
  close(): void {
    this.closed = true;
    for (const id of [...this.runs.keys()]) this.stop(id);
  }

  private stop(sessionId: string): void {
    const run = this.runs.get(sessionId);
    if (!run) return;
    clearTimeout(run.timer);
    run.cancel.abort();
    this.runs.delete(sessionId);
    run.finish();
  }
}

/** Check play options from code or HTTP JSON and fill in the defaults; throws TypeError with a client-safe reason. */
export function validatePlayOptions(input: unknown): Required<PlayOptions> {
  if (input === undefined || input === null) input = {};
  if (typeof input !== "object" || Array.isArray(input)) throw new TypeError("play options must be an object");
  const raw = input as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !PLAY_KEYS.has(k));
  if (unknown.length > 0) throw new TypeError(`unknown play option(s): ${unknown.join(", ")}`);
  const sessionId = raw.sessionId ?? LIVE_DEMO_SESSION_ID;
  if (typeof sessionId !== "string" || !/^[\x21-\x7e]{1,200}$/.test(sessionId)) {
    throw new TypeError("sessionId must be 1 to 200 printable ASCII characters without spaces");
  }
  const stepMs = raw.stepMs ?? 2000;
  if (typeof stepMs !== "number" || !Number.isInteger(stepMs) || stepMs < 1 || stepMs > 600_000) {
    throw new TypeError("stepMs must be an integer from 1 to 600000");
  }
  const notify = raw.notify ?? true;
  if (typeof notify !== "boolean") throw new TypeError("notify must be a boolean");
  return { sessionId, stepMs, notify };
}

/** Now as an RFC 3339 UTC string, but always at least 1 ms after `previous`, so last_updated strictly moves. */
function stampAfter(previous: string | undefined): string {
  const floor = previous === undefined ? 0 : Date.parse(previous) + 1;
  return new Date(Math.max(Date.now(), floor)).toISOString();
}
