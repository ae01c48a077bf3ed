// Invariant 5: each replica's RSS is flat in the second half of its life (least-squares slope of VmRSS
// sampled every second), with a bound that is strict for long lives and looser for short ones.
import type { Recorder } from "../record.js";
import type { CheckResult } from "./result.js";

/** A sustained leak: more than this over a second half of at least LONG_HALF_MIN minutes fails. */
export const LONG_LIMIT_MB_PER_MIN = 2;
/** A life of 5 minutes or more has a second half of 2.5 minutes: long enough for the strict bound. */
const LONG_HALF_MIN = 2.5;
/**
 * Shorter halves still see the heap settling: measured on this machine, RSS jumps to ~165 MB in the first
 * 10 s and then creeps up 6-12 MB/min through the first minute or two (V8 growing old space in steps, JIT
 * code, the session cache filling to its 30 s TTL). So a short half may grow this many MB in all, spread
 * over its length (30 s: 24 MB/min, 1 min: 12, 2 min: 6), never below the long-run bound: it only catches
 * gross leaks, which is all a short run can tell apart from warm-up.
 */
const WARMUP_MB = 12;
/** Lives shorter than this (30 samples, 30 s) are mostly startup: reported, not judged. */
const MIN_SAMPLES = 30;

/** Least-squares slope of y over x. */
export function slope(points: readonly [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** The bound for a second half of `halfMin` minutes. */
export function limitFor(halfMin: number): number {
  return halfMin >= LONG_HALF_MIN ? LONG_LIMIT_MB_PER_MIN : Math.max(LONG_LIMIT_MB_PER_MIN, WARMUP_MB / halfMin);
}

/** Invariant 5 over every replica incarnation's samples. */
export function checkRss(rec: Recorder): CheckResult {
  const details: string[] = [];
  const rows: { life: string; slopeMbPerMin: number; limit: number; halfMin: number; lastMb: number }[] = [];
  let worst: { slope: number; limit: number } | undefined;
  let pass = true;
  for (const life of rec.lives) {
    const name = `${life.replica}#${life.incarnation}`;
    if (life.rss.length < MIN_SAMPLES) {
      details.push(`${name}: ${life.rss.length} samples, too short to judge`);
      continue;
    }
    const half = life.rss.slice(Math.floor(life.rss.length / 2));
    const halfMin = (half[half.length - 1]![0] - half[0]![0]) / 60_000;
    const mbPerMin = (slope(half) * 60_000) / (1024 * 1024);
    const limit = limitFor(halfMin);
    const lastMb = half[half.length - 1]![1] / (1024 * 1024);
    rows.push({ life: name, slopeMbPerMin: Math.round(mbPerMin * 100) / 100, limit: Math.round(limit * 10) / 10, halfMin: Math.round(halfMin * 100) / 100, lastMb: Math.round(lastMb) });
    details.push(`${name}: ${mbPerMin.toFixed(2)} MB/min over the last ${(halfMin * 60).toFixed(0)} s (limit ${limit.toFixed(1)}), RSS ${lastMb.toFixed(0)} MB at the end`);
    if (mbPerMin > limit) pass = false;
    if (!worst || mbPerMin - limit > worst.slope - worst.limit) worst = { slope: mbPerMin, limit };
  }
  return {
    id: 5,
    name: "RSS flat in the second half of each replica's life (least-squares slope)",
    measured: worst ? `worst ${worst.slope.toFixed(2)} MB/min (${rows.length} lives judged)` : `no life of ${MIN_SAMPLES} s or more: not judged`,
    limit: worst ? `<= ${worst.limit.toFixed(1)} MB/min` : `<= ${LONG_LIMIT_MB_PER_MIN} MB/min`,
    pass,
    details,
    figures: { lives: rows },
  };
}
