/** One finished upstream attempt: labels only, never a URL, header or body. */
export interface UpstreamAttempt {
  /** Endpoint template, e.g. "GET /sessions/:id". */
  readonly endpoint: string;
  /** HTTP status, or "network" / "timeout" / "aborted" when none came back. */
  readonly status: string;
  /** 1 for the first attempt of a read, 2 for its first retry, ... */
  readonly attempt: number;
  readonly durationMs: number;
}

/** An attempt about to be signed and sent: labels only, as UpstreamAttempt. */
export interface AttemptStart {
  /** Endpoint template, e.g. "GET /sessions/:id". */
  readonly endpoint: string;
  readonly attempt: number;
  /** For a retry: what the previous attempt of the same read got (its status, "timeout", "network"). */
  readonly retryReason?: string;
  /** The upstream's host name and port (no path, no query: those carry ids, the SDK id and the nonce). */
  readonly host: string;
  readonly port: number;
}

/** Called once when the attempt is over, with what UpstreamObserver.onAttempt also gets. */
export type AttemptEnd = (attempt: UpstreamAttempt) => void;

/** The circuit breaker's states: open fails fast, half-open lets one probe through. */
export type CircuitState = "closed" | "open" | "half-open";

/** Receives upstream events (logs, metrics and traces hang off this; the client knows none of them). */
export interface UpstreamObserver {
  /**
   * Called in the caller's async context as an attempt starts (after its slot, before signing), so a
   * tracer can open a span under whatever is active there; the returned function ends it.
   */
  startAttempt?(start: AttemptStart): AttemptEnd | undefined;
  onAttempt?(attempt: UpstreamAttempt): void;
  onRetry?(endpoint: string): void;
  onCircuit?(state: CircuitState): void;
}

/** Fans upstream events out to several observers; `startAttempt` exists only when one of them has it. */
export function combineObservers(...observers: UpstreamObserver[]): UpstreamObserver {
  const starters = observers.filter((o) => o.startAttempt !== undefined);
  return {
    ...(starters.length > 0 ? { startAttempt: (s: AttemptStart) => combineEnds(starters.map((o) => o.startAttempt!(s))) } : {}),
    onAttempt: (a) => observers.forEach((o) => o.onAttempt?.(a)),
    onRetry: (e) => observers.forEach((o) => o.onRetry?.(e)),
    onCircuit: (s) => observers.forEach((o) => o.onCircuit?.(s)),
  };
}

function combineEnds(ends: (AttemptEnd | undefined)[]): AttemptEnd | undefined {
  const present = ends.filter((e): e is AttemptEnd => e !== undefined);
  if (present.length <= 1) return present[0];
  return (a) => present.forEach((end) => end(a));
}
