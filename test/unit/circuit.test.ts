import { CircuitState } from "cockatiel";
import { describe, expect, it } from "vitest";
import { createCircuit, isUpstreamFailure, probing } from "../../src/upstream/circuit.js";
import { ErrorCode } from "../../src/errors/error-codes.js";
import { upstreamStatusError, upstreamUnavailableError } from "../../src/upstream/upstream-error.js";

describe("the upstream circuit", () => {
  it("counts only Yoti failing: unavailable and rate-limited reads, not a missing session or a caller who left", () => {
    expect(isUpstreamFailure(upstreamUnavailableError("GET /sessions/:id", "network"))).toBe(true);
    expect(isUpstreamFailure(upstreamStatusError("GET /sessions/:id", 429))).toBe(true);
    expect(isUpstreamFailure(upstreamStatusError("GET /sessions/:id", 503))).toBe(true);
    expect(isUpstreamFailure(upstreamStatusError("GET /sessions/:id", 404))).toBe(false);
    expect(isUpstreamFailure(upstreamUnavailableError("GET /sessions/:id", "cancelled"))).toBe(false);
    expect(isUpstreamFailure(new Error("anything else"))).toBe(false);
    expect(upstreamStatusError("GET /sessions/:id", 404).code).toBe(ErrorCode.NOT_FOUND);
  });

  it("opens after most reads failed, without an observer that listens, and is not probing while open", async () => {
    const circuit = createCircuit(60_000, {});
    const failure = upstreamUnavailableError("GET /sessions/:id", "network");
    const seen = new Set<unknown>();
    for (let i = 0; i < 30 && circuit.state !== CircuitState.Open; i++) await circuit.execute(() => Promise.reject(failure)).catch((error: unknown) => void seen.add(error));
    // Each read failed with its own error: the state change with no one listening threw nothing in between.
    expect([...seen]).toEqual([failure]);
    expect(circuit.state).toBe(CircuitState.Open);
    expect(probing(circuit)).toBe(false);
    await expect(circuit.execute(() => Promise.resolve("never runs"))).rejects.toThrow(/open/i);
  });
});
