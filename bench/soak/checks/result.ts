// The outcome of one invariant: one row of the final table, plus the details that explain a FAIL.

/** One row of the table. */
export interface CheckResult {
  readonly id: number;
  readonly name: string;
  readonly measured: string;
  readonly limit: string;
  readonly pass: boolean;
  /** What failed (or was excused), a line each; printed under the table and kept in the JSON. */
  readonly details: string[];
  /** Figures for the JSON results. */
  readonly figures?: Record<string, unknown>;
}

/** Counts of equal strings, most frequent first, as "text (xN)" lines (the report prints the first few). */
export function tally(lines: readonly string[], max = 1000): string[] {
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const out = sorted.slice(0, max).map(([l, n]) => (n > 1 ? `${l} (x${n})` : l));
  if (sorted.length > max) out.push(`... and ${sorted.length - max} more kinds`);
  return out;
}

/** Seconds since the start of the load phase, for readable details. */
export function at(t: number, t0: number): string {
  return `t=${((t - t0) / 1000).toFixed(1)}s`;
}
