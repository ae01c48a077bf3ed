import { happensOnce, notificationKey, type SessionNotification } from "./notification.js";

/** How long a completion (a check, task or session completes once) is remembered: any repeat is a retry. */
export const ONCE_WINDOW_MS = 10 * 60_000;
/**
 * How long other notifications (resource_update, unknown topics) are remembered. Short: a resource
 * can really change twice, and a second change within this window would go unseen until the next
 * notification; retries of a delivery that failed come within seconds.
 */
export const REPEAT_WINDOW_MS = 5_000;
/** Keys remembered at most (oldest forgotten first), so a flood cannot grow memory without bound. */
const MAX_KEYS = 50_000;

/**
 * Recognises Yoti's retries: the same session, topic and subject again within a window. Only
 * webhook notifications are filtered; the poller only reports real changes.
 */
export class DuplicateFilter {
  /** key -> when it stops counting as a duplicate; insertion order is expiry order per window. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True when `n` repeats one seen within its window; otherwise remembers it and returns false. */
  isRepeat(n: SessionNotification): boolean {
    if (n.source !== "webhook") return false;
    const now = this.now();
    const key = notificationKey(n);
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return true;
    this.seen.delete(key);
    this.seen.set(key, now + (happensOnce(n.topic) ? ONCE_WINDOW_MS : REPEAT_WINDOW_MS));
    this.forgetOld(now);
    return false;
  }

  private forgetOld(now: number): void {
    for (const [key, until] of this.seen) {
      // Two windows interleave, so stop at the first live entry past the cap check: amortised O(1).
      if (until > now && this.seen.size <= MAX_KEYS) break;
      this.seen.delete(key);
    }
  }
}
