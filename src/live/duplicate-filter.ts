import { changeKey } from "./notification.js";
import type { SessionChange } from "./session-change.js";

/**
 * How long a notification is remembered. A sender that lost our answer retries after its own
 * timeout (seconds), so the window covers that; it stays short because the same key can come
 * again for a real change (a resource updated twice; the emulator replaying its demo with the
 * same ids). A real change dropped this way is not lost for good: every event carries the whole
 * session, so the next notification shows it.
 */
export const DUPLICATE_WINDOW_MS = 10_000;
/** Keys remembered at most (oldest forgotten first), so a flood cannot grow memory without bound. */
const MAX_KEYS = 50_000;

/**
 * Recognises Yoti's retries: the same session, topic and subject again within the window. Only
 * webhook notifications are filtered; the poller only reports real changes.
 */
export class DuplicateFilter {
  /** key -> when it stops counting as a duplicate; insertion order is expiry order. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True when `n` repeats one seen within the window; otherwise remembers it and returns false. */
  isRepeat(n: SessionChange): boolean {
    if (n.source !== "webhook") return false;
    const now = this.now();
    const key = changeKey(n);
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return true;
    this.seen.delete(key);
    this.seen.set(key, now + DUPLICATE_WINDOW_MS);
    for (const [old, expires] of this.seen) {
      if (expires > now && this.seen.size <= MAX_KEYS) break;
      this.seen.delete(old);
    }
    return false;
  }
}
