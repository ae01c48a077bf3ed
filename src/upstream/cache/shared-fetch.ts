import { upstreamUnavailableError } from "../upstream-error.js";

/**
 * One upstream read shared by every request that asked for the same key while it was in flight (a
 * cache miss at c=32 costs one GET, not 32). Each request waits with its own signal: one that goes
 * away is answered "cancelled" at once and the read goes on for the others; the read itself is
 * aborted only when every request waiting for it has gone.
 */
export class SharedFetch<T> {
  /** Set when a notification arrived during the read: its result is served to those waiting, never kept. */
  stale = false;
  private readonly controller = new AbortController();
  private readonly result: Promise<T>;
  private waiting = 0;

  /**
   * Starts the read. `abandoned` is called when the last waiting request has gone (the read is then
   * being aborted, and must be joined by nobody else).
   */
  constructor(
    read: (signal: AbortSignal) => Promise<T>,
    private readonly endpoint: string,
    private readonly abandoned: () => void,
  ) {
    this.result = read(this.controller.signal);
    // Every outcome reaches the waiters through `join`; this keeps an abandoned read's rejection from being unhandled.
    this.result.catch(() => {});
  }

  /** The read's outcome as `caller`'s request sees it: the result, its failure, or "cancelled" if the request goes first. */
  join(caller?: AbortSignal): Promise<T> {
    if (caller?.aborted) return Promise.reject(upstreamUnavailableError(this.endpoint, "cancelled"));
    this.waiting += 1;
    if (!caller) return this.result.finally(() => (this.waiting -= 1));
    // A signal of its own per join: one request may wait on a hundred keys, and listeners on its own
    // signal would pile up (and warn); AbortSignal.any follows the caller without adding any.
    const signal = AbortSignal.any([caller]);
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        this.waiting -= 1;
        signal.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        leave();
        reject(upstreamUnavailableError(this.endpoint, "cancelled"));
        if (this.waiting === 0) {
          this.abandoned();
          this.controller.abort(signal.reason);
        }
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.result.then(
        (value) => {
          if (signal.aborted) return;
          leave();
          resolve(value);
        },
        (error: unknown) => {
          if (signal.aborted) return;
          leave();
          reject(error);
        },
      );
    });
  }
}
