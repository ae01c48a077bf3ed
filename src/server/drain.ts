import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorCode, messageFor } from "../errors/error-codes.js";
import { graphqlErrorBody, sendJson } from "./http/http-errors.js";

/** serving: normal; draining: readiness 503, still serving, every answer closes its connection; closed: port closed. */
export type DrainPhase = "serving" | "draining" | "closed";

/**
 * Shutdown bookkeeping for the HTTP server: which phase it is in and how many requests are in
 * flight, so that stopping serves every request it accepted in full and refuses the rest before
 * any upstream work, never resetting one half way.
 */
export class Drain {
  private current: DrainPhase = "serving";
  private readonly open = new Set<ServerResponse>();
  private onIdle: (() => void) | undefined;

  get phase(): DrainPhase {
    return this.current;
  }

  /** Moves to a later phase; from draining on, every answer not yet started closes its connection. */
  set phase(next: DrainPhase) {
    this.current = next;
    if (next === "serving") return;
    for (const res of this.open) if (!res.headersSent) res.shouldKeepAlive = false;
  }

  /** Admits a request: false (after answering 503) once the port is closed; otherwise tracks it until it closes. */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.current !== "serving") res.shouldKeepAlive = false;
    if (this.current === "closed") {
      // A request that slipped in on a connection opened before the port closed: refused whole.
      req.resume();
      sendJson(res, 503, graphqlErrorBody(messageFor(ErrorCode.SHUTTING_DOWN), ErrorCode.SHUTTING_DOWN), { "retry-after": "1" });
      return false;
    }
    this.open.add(res);
    res.once("close", () => {
      this.open.delete(res);
      if (this.open.size === 0) this.onIdle?.();
    });
    return true;
  }

  /** Requests being served now. */
  get active(): number {
    return this.open.size;
  }

  /** Resolves once no request is in flight, or after `maxMs`; true when it drained. */
  idle(maxMs: number): Promise<boolean> {
    if (this.open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.onIdle = undefined;
        resolve(false);
      }, maxMs);
      this.onIdle = () => {
        clearTimeout(timer);
        this.onIdle = undefined;
        resolve(true);
      };
    });
  }
}
