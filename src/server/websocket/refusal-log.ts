import type { Logger } from "pino";

/** How often, at most, refusals are logged: a flood of them must not become a flood of log lines. */
export const REFUSAL_LOG_INTERVAL_MS = 1_000;

/**
 * Logs refused WebSocket upgrades at most once per interval: the first refusal at once, then, at
 * the end of each interval that had any, one line with how many there were by reason.
 */
export class RefusalLog {
  private counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly logger: Logger) {}

  /** Notes one refusal for `reason` (a label, never an address or an id). */
  refused(reason: string, detail: Record<string, number> = {}): void {
    if (this.timer === undefined) {
      this.logger.warn({ wsRefused: { [reason]: 1 }, ...detail }, "WebSocket connection refused");
      this.timer = setTimeout(() => this.flush(), REFUSAL_LOG_INTERVAL_MS);
      this.timer.unref();
      return;
    }
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  /** Stops the timer (the counts of an unfinished interval are logged now). */
  close(): void {
    clearTimeout(this.timer);
    this.flush(false);
  }

  private flush(again = true): void {
    this.timer = undefined;
    if (this.counts.size === 0) return;
    this.logger.warn({ wsRefused: Object.fromEntries(this.counts) }, `WebSocket connections refused in the last ${REFUSAL_LOG_INTERVAL_MS} ms`);
    this.counts = new Map();
    if (!again) return;
    this.timer = setTimeout(() => this.flush(), REFUSAL_LOG_INTERVAL_MS);
    this.timer.unref();
  }
}
