/** Gives a slot back; safe to call more than once. */
export type Release = () => void;

interface Waiter {
  readonly sessionId: string;
  readonly grant: (release: Release) => void;
  readonly refuse: (reason: unknown) => void;
  readonly signal?: AbortSignal;
  readonly onAbort: () => void;
}

/**
 * Slots for upstream attempts: at most `max` in flight overall and `perSession` for one session,
 * so one stalled session holds a few slots and its other callers wait apart from everyone else's. A slot is held for one attempt, never across a backoff. A caller whose signal aborts while
 * waiting leaves the queue at once. Waiters are served first come, first served, skipping those
 * whose session is full.
 *
 * Hand-written rather than a p-queue per session: every read takes a slot, and a queue object (an event
 * emitter with listeners) per session per read measured about 0.3 ms of CPU per request.
 */
export class AttemptGate {
  private active = 0;
  private readonly bySession = new Map<string, number>();
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly max: number,
    private readonly perSession: number,
  ) {}

  /** Waits for a slot under `sessionId` and one overall; rejects with the signal's reason if it aborts first. */
  acquire(sessionId: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.hasRoom(sessionId)) return Promise.resolve(this.take(sessionId));
    return new Promise<Release>((grant, refuse) => {
      const waiter: Waiter = {
        sessionId,
        grant,
        refuse,
        signal,
        // Only a queued waiter hears the abort: granting removes this listener first.
        onAbort: () => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          refuse(signal!.reason);
        },
      };
      // A signal aborts once: no `once` option needed.
      signal?.addEventListener("abort", waiter.onAbort);
      this.waiting.push(waiter);
    });
  }

  /** True when `acquire(sessionId)` would be granted at once (nothing to wait for). */
  wouldGrant(sessionId: string): boolean {
    return this.hasRoom(sessionId);
  }

  /** Attempts running now, overall. */
  get inFlight(): number {
    return this.active;
  }

  private hasRoom(sessionId: string): boolean {
    return this.active < this.max && (this.bySession.get(sessionId) ?? 0) < this.perSession;
  }

  private take(sessionId: string): Release {
    this.active += 1;
    this.bySession.set(sessionId, (this.bySession.get(sessionId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      const left = this.bySession.get(sessionId)! - 1;
      // Forget idle sessions: session ids are unbounded.
      if (left === 0) this.bySession.delete(sessionId);
      else this.bySession.set(sessionId, left);
      this.dispatch();
    };
  }

  private dispatch(): void {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, an early exit: once the gate is full hasRoom refuses every waiter
    for (let i = 0; i < this.waiting.length && this.active < this.max; ) {
      const waiter = this.waiting[i]!;
      if (!this.hasRoom(waiter.sessionId)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.grant(this.take(waiter.sessionId));
    }
  }
}
