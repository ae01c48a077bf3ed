import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_TIMER_MS, onExpiry } from "../../src/server/websocket/expiry-timer.js";

const DAY = 86_400_000;

describe("onExpiry: a credential's end, however far away", () => {
  afterEach(() => vi.useRealTimers());

  it("a 30-day token (past setTimeout's 24.8-day limit) expires after 30 days, not at once", () => {
    vi.useFakeTimers({ now: 0 });
    const expired = vi.fn();
    onExpiry(30 * DAY, expired);
    expect(30 * DAY).toBeGreaterThan(MAX_TIMER_MS);
    vi.advanceTimersByTime(1_000);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(30 * DAY - 2_000);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(expired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(30 * DAY);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it("an expiry already past runs at once; a cancelled one never runs", () => {
    vi.useFakeTimers({ now: 10_000 });
    const past = vi.fn();
    onExpiry(9_000, past);
    expect(past).toHaveBeenCalledTimes(1);
    const cancelled = vi.fn();
    const cancel = onExpiry(12_000, cancelled);
    vi.advanceTimersByTime(1_000);
    cancel();
    vi.advanceTimersByTime(5_000);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
