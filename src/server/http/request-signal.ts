import { setMaxListeners } from "node:events";
import type { ServerResponse } from "node:http";

/**
 * An AbortSignal that fires when the response closes before it finished: the caller went away, so
 * the upstream work done for it (queued, in flight or between retries) is abandoned.
 */
export function abortOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  // Each upstream read of the request listens while it runs and stops when it ends; the request
  // budget bounds them (up to 100 sessions at once), so Node's leak warning at 11 is a false alarm.
  setMaxListeners(0, controller.signal);
  res.once("close", () => {
    if (!res.writableFinished) controller.abort(new DOMException("client closed the request", "AbortError"));
  });
  return controller.signal;
}
