import type { ServerResponse } from "node:http";

/**
 * An AbortSignal that fires when the response closes before it finished: the caller went away, so
 * the upstream work done for it (queued, in flight or between retries) is abandoned.
 */
export function abortOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort(new DOMException("client closed the request", "AbortError"));
  });
  return controller.signal;
}
