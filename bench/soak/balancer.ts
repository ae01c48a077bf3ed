// The load balancer's view of the replicas: /health/ready polled every 200 ms on a fresh connection (as a
// health checker does), and round-robin picks among the replicas whose last answer was 200.
import { request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Replica } from "./replica.js";

const POLL_EVERY_MS = 200;
const PROBE_TIMEOUT_MS = 500;

/** Status of GET /health/ready, or 0 when there was no answer. */
function probe(replica: Replica): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${replica.url}/health/ready`, { agent: false, timeout: PROBE_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", () => resolve(0));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
    req.end();
  });
}

/** Readiness-aware round robin over the replicas. */
export class Balancer {
  private next = 0;
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(readonly replicas: readonly Replica[]) {
    this.loop = this.poll();
  }

  /** A ready replica (round robin), other than `avoid` when another is ready; undefined when none is. */
  pick(avoid?: Replica): Replica | undefined {
    const ready = this.replicas.filter((r) => r.ready && r.running());
    const choices = ready.length > 1 && avoid ? ready.filter((r) => r !== avoid) : ready;
    if (choices.length === 0) return undefined;
    return choices[this.next++ % choices.length];
  }

  /** Waits up to `maxMs` for a ready replica. */
  async waitPick(maxMs: number, avoid?: Replica): Promise<Replica | undefined> {
    const deadline = Date.now() + maxMs;
    for (;;) {
      const r = this.pick(avoid);
      if (r || Date.now() >= deadline || this.stopped) return r;
      await sleep(50);
    }
  }

  /** Stops polling. */
  async close(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async poll(): Promise<void> {
    while (!this.stopped) {
      await Promise.all(
        this.replicas.map(async (r) => {
          r.ready = r.running() && (await probe(r)) === 200 && r.running();
        }),
      );
      await sleep(POLL_EVERY_MS);
    }
  }
}
