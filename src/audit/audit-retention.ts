import type { AuditStore } from "./audit-store.js";

/** Where retention reports: pino's shape (fields, then message). Counts and error names only. */
export interface RetentionLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

const EVERY_MS = 6 * 60 * 60 * 1000;

/** Applies retention now and every 6 hours (an unref'd timer: it never keeps the process up); returns a stop function. */
export function startRetention(store: Pick<AuditStore, "applyRetention">, days: number, log?: RetentionLog, everyMs = EVERY_MS): () => void {
  let running = false;
  const run = async () => {
    // A slow run (millions of rows) is not overlapped by the next tick.
    if (running) return;
    running = true;
    try {
      const { removed } = await store.applyRetention(new Date(), days);
      if (removed > 0) log?.info({ removed, retentionDays: days }, "audit retention removed old events");
    } catch (error) {
      log?.warn({ error: (error as Error).name }, "audit retention failed; it is tried again later");
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
