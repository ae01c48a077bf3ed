// Played sessions: fresh ids the emulator moves from ONGOING to COMPLETED with 8 notifications, each watched
// by a few subscribers spread over both replicas (one of them joining half way through).
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { SoakEmulator } from "./emulator.js";
import type { Plan } from "./options.js";
import type { Replica } from "./replica.js";
import { Subscriber, type SubscriberContext } from "./subscriber.js";

/** Steps of a play (the emulator's script): its length is 9 x stepMs plus the notifications' round trips. */
const PLAY_STEPS = 9;

/** Starts plays on a schedule and keeps their subscribers. */
export class Plays {
  readonly subscribers: Subscriber[] = [];
  private readonly runs: Promise<void>[] = [];
  private count = 0;

  constructor(
    private readonly emulator: SoakEmulator,
    private readonly replicas: readonly Replica[],
    private readonly ctx: SubscriberContext,
    private readonly plan: Plan,
  ) {}

  /** Starts a play every plan.playEveryMs while one can still finish before `endAt`. */
  async run(endAt: number): Promise<void> {
    const [minStep, maxStep] = this.plan.stepMs;
    while (Date.now() + PLAY_STEPS * maxStep + 2_000 < endAt) {
      await this.startOne(minStep + Math.floor(Math.random() * (maxStep - minStep + 1)));
      await sleep(this.plan.playEveryMs);
    }
  }

  /** Waits up to `maxMs` for every subscriber to see COMPLETED, then stops the rest (recorded as run-end). */
  async finish(maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    while (Date.now() < deadline && this.subscribers.some((s) => !s.sawCompleted)) await sleep(100);
    for (const s of this.subscribers) s.stop();
    await Promise.all(this.runs);
  }

  /** Subscribers with a subscription open now, for client drops. */
  connected(): Subscriber[] {
    return this.subscribers.filter((s) => s.connected && !s.sawCompleted);
  }

  private async startOne(stepMs: number): Promise<void> {
    const sessionId = randomUUID();
    const play = this.count++;
    // The session exists (ONGOING, no notification yet) as soon as play answers; the first change comes stepMs later.
    await this.emulator.play(sessionId, stepMs);
    this.ctx.rec.plays.push({ sessionId, stepMs, startedAt: Date.now() });
    const n = this.plan.subscribersPerPlay;
    for (let i = 0; i < n; i++) {
      const subscriber = new Subscriber(this.subscribers.length, sessionId, this.replicas[(i + play) % this.replicas.length]!, this.ctx);
      this.subscribers.push(subscriber);
      // The last one joins half way through: its snapshot must already show the steps it missed.
      const late = n >= 3 && i === n - 1;
      this.runs.push((late ? sleep(stepMs * 4.5) : Promise.resolve()).then(() => subscriber.run()));
    }
  }
}
