import type { ServerResponse } from "node:http";
import type { StatsCounter } from "./stats.js";

/** One tracked request; the emulator calls `serverClosing()` before it drops a connection on purpose. */
export interface Flight {
  /** The coming close is the emulator's doing (reset fault, shutdown), so it is no client cancellation. */
  serverClosing(): void;
}

/** Feeds `inFlight`, `peakInFlight` and `cancelled` from the lifecycle of verified requests' responses. */
export class InFlightTracker {
  private readonly live = new Set<{ serverClosed: boolean }>();

  constructor(private readonly stats: StatsCounter) {}

  /** Count `res` as in flight until it finishes or its connection closes, whichever comes first. */
  track(res: ServerResponse): Flight {
    const entry = { serverClosed: false };
    this.live.add(entry);
    this.stats.flightStarted();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.live.delete(entry);
      // "finish" means every byte went to the socket; a close before that is a hang-up mid-request.
      this.stats.flightEnded(!res.writableFinished && !entry.serverClosed);
    };
    res.once("finish", end);
    res.once("close", end);
    // The client may have hung up while the body was read or the latency delay ran: no close event is coming.
    if (res.destroyed) end();
    return { serverClosing: () => void (entry.serverClosed = true) };
  }

  /** Mark every tracked request as ended by the server (close() is about to drop all connections). */
  serverClosingAll(): void {
    for (const entry of this.live) entry.serverClosed = true;
  }
}
