import type { Logger } from "pino";

/** The two ways a failure can escape every handler in a Node process. */
export type ProcessErrorKind = "unhandledRejection" | "uncaughtException";

/** What the process-level handlers need: where to log and count, and how to stop (the SIGTERM drain). */
export interface ProcessErrorOptions {
  readonly logger: Logger;
  readonly count: (kind: ProcessErrorKind) => void;
  /** Drains like SIGTERM, then exits with `code`. */
  readonly exit: (code: number) => void;
}

/** What may be logged of a thrown value: its class name and an `code` property shaped like a code, never its message (it may quote data). */
function describe(error: unknown): { errorName: string; code?: string } {
  const errorName = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[A-Z0-9_]{1,64}$/.test(code) ? { errorName, code } : { errorName };
}

/**
 * The policy for failures no handler caught (the README's "Robustness" section):
 * - an unhandled rejection is a promise nobody awaited: one answer was lost, not the process's
 *   state, so it is logged (`processError`, the error's class and code, never its message) and
 *   counted (`idv_graph_process_errors_total`), and the process serves on;
 * - an uncaught exception may have left anything half-done: it is logged and counted the same way,
 *   then the process drains as on SIGTERM (readiness fails, requests in flight finish) and exits 1.
 */
export function installProcessErrorHandlers(target: NodeJS.EventEmitter, options: ProcessErrorOptions): () => void {
  const { logger, count } = options;
  const onRejection = (reason: unknown) => {
    count("unhandledRejection");
    logger.error({ processError: "unhandledRejection", ...describe(reason) }, "a promise rejected with no handler: one answer was lost; serving on");
  };
  let exiting = false;
  const onException = (error: unknown) => {
    count("uncaughtException");
    logger.error({ processError: "uncaughtException", ...describe(error) }, "an exception escaped every handler: draining, then exiting with 1");
    if (exiting) return;
    exiting = true;
    options.exit(1);
  };
  target.on("unhandledRejection", onRejection);
  target.on("uncaughtException", onException);
  return () => {
    target.off("unhandledRejection", onRejection);
    target.off("uncaughtException", onException);
  };
}
