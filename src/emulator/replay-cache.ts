/**
 * Bounded memory of recently seen nonces. Entries share one TTL, so Map insertion order is
 * expiry order: pruning only ever inspects the oldest entries.
 */
export class ReplayCache {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly maxEntries = 100_000,
  ) {}

  /** Record `nonce`; returns false when it was already seen within the TTL (a replay). */
  checkAndRemember(nonce: string, now = Date.now()): boolean {
    this.prune(now);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, now + this.ttlMs);
    // Past the bound, forget the oldest nonces: memory stays capped under a flood of requests.
    while (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
    return true;
  }

  /** Number of nonces currently remembered (for tests). */
  get size(): number {
    return this.seen.size;
  }

  private prune(now: number): void {
    for (const [nonce, expiry] of this.seen) {
      if (expiry > now) break;
      this.seen.delete(nonce);
    }
  }
}
