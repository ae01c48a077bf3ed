import { describe, expect, it } from "vitest";
import { combineObservers, type AttemptStart, type UpstreamAttempt, type UpstreamObserver } from "../../src/upstream/upstream-observer.js";

const start: AttemptStart = { endpoint: "GET /sessions/:id", attempt: 1, host: "127.0.0.1", port: 80 };
const outcome: UpstreamAttempt = { endpoint: "GET /sessions/:id", status: "200", attempt: 1, durationMs: 3 };

describe("combineObservers: upstream events to logs, metrics and traces", () => {
  it("has startAttempt only when one observer has it (with no tracer, no span arguments are built)", () => {
    expect(combineObservers({}, { onAttempt: () => {} }).startAttempt).toBeUndefined();
    expect(combineObservers({}, { startAttempt: () => undefined }).startAttempt).toBeTypeOf("function");
  });

  it("ends every observer's attempt: none, one as it is, several together", () => {
    const ended: string[] = [];
    const tracer = (name: string): UpstreamObserver => ({ startAttempt: () => (a) => void ended.push(`${name}:${a.status}`) });
    // An observer that starts no span is left out: the one end that remains is called directly.
    const own = (a: UpstreamAttempt) => void ended.push(`own:${a.status}`);
    expect(combineObservers({ startAttempt: () => undefined }, { startAttempt: () => own }).startAttempt!(start)).toBe(own);
    combineObservers(tracer("a"), { startAttempt: () => undefined }).startAttempt!(start)!(outcome);
    expect(combineObservers({ startAttempt: () => undefined }).startAttempt!(start)).toBeUndefined();
    combineObservers(tracer("a")).startAttempt!(start)!(outcome);
    combineObservers(tracer("b"), {}, tracer("c")).startAttempt!(start)!(outcome);
    expect(ended).toEqual(["a:200", "a:200", "b:200", "c:200"]);
  });

  it("passes attempts, retries and circuit changes to each observer that listens, skipping those that do not", () => {
    const seen: string[] = [];
    const listener: UpstreamObserver = {
      onAttempt: (a) => void seen.push(`attempt ${a.status}`),
      onRetry: (e) => void seen.push(`retry ${e}`),
      onCircuit: (s) => void seen.push(`circuit ${s}`),
    };
    const combined = combineObservers({}, listener, {});
    combined.onAttempt!(outcome);
    combined.onRetry!("GET /sessions/:id");
    combined.onCircuit!("open");
    expect(seen).toEqual(["attempt 200", "retry GET /sessions/:id", "circuit open"]);
  });
});
