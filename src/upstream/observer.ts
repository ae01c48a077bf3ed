/** One finished upstream attempt: labels only, never a URL, header or body. */
export interface UpstreamAttempt {
  /** Endpoint template, e.g. "GET /sessions/:id". */
  readonly endpoint: string;
  /** HTTP status, or "network" / "timeout" when none came back. */
  readonly status: string;
  readonly durationMs: number;
}

/** Receives upstream events (logs and metrics hang off this; the client knows neither). */
export interface UpstreamObserver {
  onAttempt?(attempt: UpstreamAttempt): void;
  onRetry?(endpoint: string): void;
}

/** The endpoint template of an upstream path relative to the base URL: ids never reach labels or logs. */
export function endpointOf(method: string, relativePath: string): string {
  if (/^\/sessions\/[^/]+\/media\/[^/]+\/content$/.test(relativePath)) return `${method} /sessions/:id/media/:mediaId/content`;
  if (/^\/sessions\/[^/]+$/.test(relativePath)) return `${method} /sessions/:id`;
  return `${method} other`;
}
