import { CircuitState as State, SamplingBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from "cockatiel";
import { ErrorCode } from "../errors/error-codes.js";
import type { CircuitState, UpstreamObserver } from "./upstream-observer.js";
import { UpstreamError } from "./upstream-error.js";

/** Fraction of failed reads over the window that opens the circuit. */
const FAILURE_THRESHOLD = 0.5;
const WINDOW_MS = 10_000;
/** Reads per second needed before the circuit may open: a few failures at low traffic never trip it. */
const MINIMUM_RPS = 1;

/** Reads that say "Yoti is failing" (not "this session is missing" and not "the caller left"). */
export function isUpstreamFailure(error: unknown): boolean {
  return (
    error instanceof UpstreamError &&
    !error.cancelled &&
    (error.code === ErrorCode.UPSTREAM_UNAVAILABLE || error.code === ErrorCode.UPSTREAM_RATE_LIMITED)
  );
}

const NAMES: Record<State, CircuitState> = {
  [State.Closed]: "closed",
  [State.Open]: "open",
  [State.HalfOpen]: "half-open",
  [State.Isolated]: "open",
};

/**
 * The upstream's circuit breaker (cockatiel): when most reads over the last 10 s failed, reads fail
 * fast for `cooldownMs` instead of queueing behind a failing upstream; then one probe decides.
 */
export function createCircuit(cooldownMs: number, observer: UpstreamObserver): CircuitBreakerPolicy {
  const policy = circuitBreaker(handleWhen(isUpstreamFailure), {
    halfOpenAfter: cooldownMs,
    breaker: new SamplingBreaker({ threshold: FAILURE_THRESHOLD, duration: WINDOW_MS, minimumRps: MINIMUM_RPS }),
  });
  policy.onStateChange((state) => observer.onCircuit?.(NAMES[state]));
  return policy;
}

/**
 * True while a probe is under way: cockatiel would make other reads wait for it, but a probe can
 * take the whole deadline, so they fail fast too. (An open circuit's own refusals come from execute.)
 */
export function probing(policy: CircuitBreakerPolicy): boolean {
  return policy.state === State.HalfOpen;
}
