/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How `until` waits. */
export interface UntilOptions {
  /** Named in the error when the wait runs out. */
  readonly what?: string;
  readonly timeoutMs?: number;
  /** How often the condition is polled. */
  readonly everyMs?: number;
}

/** Polls `condition` until it holds; fails after the timeout (10 s unless given), naming what it waited for. */
export async function until(condition: () => boolean | Promise<boolean>, options: UntilOptions | string = {}): Promise<void> {
  const { what = "condition", timeoutMs = 10_000, everyMs = 20 } = typeof options === "string" ? { what: options } : options;
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
