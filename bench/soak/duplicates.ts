// Extra duplicates of accepted notifications, POSTed by the soak itself straight to a replica's webhook (as a
// Yoti retry that took another path): the same body again, or with the subject id upper-cased, within 2 s.
import { setTimeout as sleep } from "node:timers/promises";
import type { Balancer } from "./balancer.js";
import type { Recorder } from "./record.js";
import { deliver, type Notification } from "./relay.js";

/** Share of accepted notifications that get a duplicate. */
const DUPLICATE_SHARE = 0.35;

/** Sends the duplicates; `pending()` says how many are still on their way. */
export class Duplicates {
  private inFlight = 0;
  private stopped = false;

  constructor(
    private readonly rec: Recorder,
    private readonly balancer: Balancer,
  ) {}

  /** Maybe schedules a duplicate of a notification a replica accepted. */
  consider(body: string, authorization: string): void {
    if (this.stopped || Math.random() >= DUPLICATE_SHARE) return;
    const n = JSON.parse(body) as Notification & Record<string, string>;
    const field = (["resource_id", "task_id", "check_id"] as const).find((f) => typeof n[f] === "string");
    const upper = field !== undefined && Math.random() < 0.5;
    const copy = upper ? JSON.stringify({ ...n, [field]: n[field]!.toUpperCase() }) : body;
    this.inFlight++;
    void (async () => {
      try {
        await sleep(200 + Math.random() * 1_600);
        const replica = this.balancer.pick();
        if (replica && !this.stopped) await deliver(this.rec, replica, copy, authorization, { source: "duplicate", variant: upper ? "upper" : "same" });
      } finally {
        this.inFlight--;
      }
    })();
  }

  /** Stops scheduling and waits for those already scheduled. */
  async drain(): Promise<void> {
    this.stopped = true;
    while (this.inFlight > 0) await sleep(50);
  }
}
