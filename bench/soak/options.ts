// Command line: `--quick` (about 2 minutes), `--duration=<seconds>`, default about 10 minutes.
// Shorter runs compress the schedule rather than drop faults: every kind still happens.

/** How hard and how long the soak pushes; all sizes are modest on purpose (2 cores, correctness not throughput). */
export interface Plan {
  readonly label: string;
  /** Length of the load phase, seconds (startup and the final checks come on top). */
  readonly durationS: number;
  /** Concurrent HTTP query loops. */
  readonly httpLoops: number;
  /** Pause between two requests of one loop, ms: keeps the 2 cores for the processes under test. */
  readonly thinkMs: number;
  /** A new played session this often, ms. */
  readonly playEveryMs: number;
  /** graphql-ws subscribers per played session, spread over both replicas. */
  readonly subscribersPerPlay: number;
  /** stepMs of each play is drawn from this range. */
  readonly stepMs: readonly [number, number];
  /** Hostile HTTP requests per second (rotating over the kinds). */
  readonly hostilePerSecond: number;
  /** One malformed `_entities` request this often, ms. */
  readonly entitiesEveryMs: number;
  /** Calm time between two scheduled faults, ms (the windows need calm around them to mean anything). */
  readonly faultGapMs: number;
  /** How long an upstream fault rule stays installed, ms. */
  readonly upstreamFaultMs: number;
  /** How long Redis stays down after its SIGKILL, ms. */
  readonly redisDownMs: number;
  /** Least time between two rolling restarts, ms. */
  readonly restartEveryMs: number;
}

/** The soak's plan from its arguments; throws on anything unknown. */
export function parsePlan(argv: string[]): Plan {
  const unknown = argv.filter((a) => a !== "--quick" && !a.startsWith("--duration="));
  if (unknown.length) throw new Error(`unknown argument(s): ${unknown.join(" ")} (use --quick or --duration=<seconds>)`);
  const durationArg = argv.find((a) => a.startsWith("--duration="));
  let durationS = argv.includes("--quick") ? 120 : 600;
  if (durationArg) {
    durationS = Number(durationArg.slice("--duration=".length));
    if (!Number.isInteger(durationS) || durationS < 30 || durationS > 86_400) throw new Error("--duration must be an integer number of seconds from 30 to 86400");
  }
  const label = durationArg ? `${durationS} s` : argv.includes("--quick") ? "quick (120 s)" : "full (600 s)";
  if (durationS < 90) {
    // The CI form: each fault kind once, back to back, with a light load (the test suite runs beside it).
    return { label, durationS, httpLoops: 2, thinkMs: 50, playEveryMs: 4_000, subscribersPerPlay: 3, stepMs: [300, 600], hostilePerSecond: 3, entitiesEveryMs: 4_000, faultGapMs: 2_000, upstreamFaultMs: 4_000, redisDownMs: 2_500, restartEveryMs: 0 };
  }
  if (durationS < 300) {
    return { label, durationS, httpLoops: 4, thinkMs: 30, playEveryMs: 5_000, subscribersPerPlay: 4, stepMs: [300, 1_500], hostilePerSecond: 3, entitiesEveryMs: 4_000, faultGapMs: 5_000, upstreamFaultMs: 5_000, redisDownMs: 3_000, restartEveryMs: 0 };
  }
  // Long runs: rolling restarts 6 minutes apart, so each replica has a life of 5+ minutes for the RSS trend.
  return { label, durationS, httpLoops: 6, thinkMs: 25, playEveryMs: 7_000, subscribersPerPlay: 4, stepMs: [300, 2_000], hostilePerSecond: 4, entitiesEveryMs: 4_000, faultGapMs: 15_000, upstreamFaultMs: 8_000, redisDownMs: 5_000, restartEveryMs: 360_000 };
}
