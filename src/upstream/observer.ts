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

/** The circuit breaker's states: open fails fast, half-open lets one probe through. */
export type CircuitState = "closed" | "open" | "half-open";

/** Receives upstream events (logs and metrics hang off this; the client knows neither). */
export interface UpstreamObserver {
  onAttempt?(attempt: UpstreamAttempt): void;
  onRetry?(endpoint: string): void;
  onCircuit?(state: CircuitState): void;
}

/** Fans upstream events out to several observers. */
export function combineObservers(...observers: UpstreamObserver[]): UpstreamObserver {
  return {
    onAttempt: (a) => observers.forEach((o) => o.onAttempt?.(a)),
    onRetry: (e) => observers.forEach((o) => o.onRetry?.(e)),
    onCircuit: (s) => observers.forEach((o) => o.onCircuit?.(s)),
  };
}
