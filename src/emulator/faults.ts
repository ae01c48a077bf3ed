/** One injected misbehaviour for signed requests about a session (README "Fault injection"). */
export interface EmulatorFault {
  /** Answer with this status; the body is a Yoti-style JSON error `{code, message}` unless `body` is given. */
  status?: number;
  /** Raw body to send instead (e.g. truncated JSON), with `status` (default 200). */
  body?: string;
  /** Content-Type for `body`; default application/json. */
  contentType?: string;
  /** Adds a Retry-After header (seconds) to whatever is answered. */
  retryAfterSeconds?: number;
  /** Stall this long before answering or resetting; close() still ends the connection at once. */
  delayMs?: number;
  /** Destroy the socket without any response (connection reset). */
  reset?: boolean;
  /** Slow body: write the normal answer in pieces of this many bytes (default 1000); needs `chunkDelayMs`. */
  chunkBytes?: number;
  /** Slow body: pause this long between pieces of the normal answer (Content-Length still announces it all). */
  chunkDelayMs?: number;
  /** Apply to the next N matching requests only, then the rule is gone; default every request. */
  times?: number;
}

/** Session id whose rule matches every session (specific rules win over it). */
export const ANY_SESSION = "*";

// setTimeout's ceiling: a longer delay would silently fire at once instead of stalling.
const MAX_DELAY_MS = 2_147_483_647;
const FAULT_KEYS = new Set([
  "status",
  "body",
  "contentType",
  "retryAfterSeconds",
  "delayMs",
  "reset",
  "chunkBytes",
  "chunkDelayMs",
  "times",
]);

interface Rule {
  fault: EmulatorFault;
  /** Uses left; undefined means unlimited. */
  remaining: number | undefined;
}

/** Active fault rules, at most one per session id; specific ids are consulted before "*". */
export class FaultTable {
  private readonly rules = new Map<string, Rule>();

  /** Validate `fault` and make it the rule for `sessionId` (replacing any earlier one); throws TypeError when invalid. */
  set(sessionId: string, fault: EmulatorFault): void {
    if (typeof sessionId !== "string" || sessionId === "") throw new TypeError("sessionId must be a non-empty string");
    const clean = validateFault(fault);
    this.rules.set(sessionId, { fault: clean, remaining: clean.times });
  }

  /** The fault for one request about `sessionId`, consuming one use of a counted rule. */
  take(sessionId: string): EmulatorFault | undefined {
    const key = this.rules.has(sessionId) ? sessionId : this.rules.has(ANY_SESSION) ? ANY_SESSION : undefined;
    if (key === undefined) return undefined;
    const rule = this.rules.get(key)!;
    if (rule.remaining !== undefined) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.rules.delete(key);
    }
    return rule.fault;
  }

  /** Drop every rule. */
  clear(): void {
    this.rules.clear();
  }
}

/** Check a caller's fault (from code or HTTP JSON) and return a frozen copy; throws TypeError with a client-safe reason. */
export function validateFault(input: unknown): EmulatorFault {
  if (!input || typeof input !== "object" || Array.isArray(input)) throw new TypeError("fault must be an object");
  const raw = input as Record<string, unknown>;
  // Unknown keys are typos (e.g. "retryAfter"): silently ignoring them would make a test pass for the wrong reason.
  const unknown = Object.keys(raw).filter((k) => !FAULT_KEYS.has(k));
  if (unknown.length > 0) throw new TypeError(`unknown fault field(s): ${unknown.join(", ")}`);
  const fault: EmulatorFault = {};
  if (raw.status !== undefined) fault.status = int(raw.status, "status", 200, 599);
  if (raw.body !== undefined) {
    if (typeof raw.body !== "string") throw new TypeError("body must be a string");
    fault.body = raw.body;
  }
  if (raw.contentType !== undefined) {
    // Printable ASCII only: a CR/LF would make Node throw mid-response instead of here.
    if (typeof raw.contentType !== "string" || !/^[\x20-\x7e]+$/.test(raw.contentType)) {
      throw new TypeError("contentType must be a non-empty printable ASCII string");
    }
    if (fault.body === undefined) throw new TypeError("contentType only applies together with body");
    fault.contentType = raw.contentType;
  }
  if (raw.retryAfterSeconds !== undefined) fault.retryAfterSeconds = int(raw.retryAfterSeconds, "retryAfterSeconds", 0, 2 ** 31);
  if (raw.delayMs !== undefined) fault.delayMs = int(raw.delayMs, "delayMs", 0, MAX_DELAY_MS);
  if (raw.reset !== undefined) {
    if (typeof raw.reset !== "boolean") throw new TypeError("reset must be a boolean");
    fault.reset = raw.reset;
  }
  if (raw.chunkBytes !== undefined) fault.chunkBytes = int(raw.chunkBytes, "chunkBytes", 1, 1_048_576);
  if (raw.chunkDelayMs !== undefined) fault.chunkDelayMs = int(raw.chunkDelayMs, "chunkDelayMs", 0, 60_000);
  if (raw.times !== undefined) fault.times = int(raw.times, "times", 1, Number.MAX_SAFE_INTEGER);
  if (fault.reset && (fault.status !== undefined || fault.body !== undefined || fault.retryAfterSeconds !== undefined)) {
    throw new TypeError("reset sends no response, so status, body and retryAfterSeconds cannot apply");
  }
  if (fault.chunkBytes !== undefined && fault.chunkDelayMs === undefined) {
    throw new TypeError("chunkBytes only applies together with chunkDelayMs");
  }
  if (fault.chunkDelayMs !== undefined && (fault.status !== undefined || fault.body !== undefined || fault.reset)) {
    throw new TypeError("chunkDelayMs slows the normal answer, so status, body and reset cannot apply");
  }
  const acts = [fault.status, fault.body, fault.retryAfterSeconds, fault.delayMs, fault.reset || undefined, fault.chunkDelayMs];
  if (acts.every((a) => a === undefined)) {
    throw new TypeError("fault needs status, body, retryAfterSeconds, delayMs, reset or chunkDelayMs");
  }
  return Object.freeze(fault);
}

function int(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}
