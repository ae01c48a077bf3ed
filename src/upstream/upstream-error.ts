import { ErrorCode, codeForStatus, messageFor } from "./error-codes.js";

/** Why a read failed without an HTTP answer. */
export type UnavailableCause = "network" | "timeout" | "circuit-open" | "cancelled";

/**
 * A failed upstream call. It carries a code, the endpoint template and the status only:
 * never the URL query (nonce, sdkId), headers (the digest), the body, or key material.
 */
export class UpstreamError extends Error {
  override readonly name = "UpstreamError";

  constructor(
    readonly code: ErrorCode,
    readonly endpoint: string,
    readonly status?: number,
    /** Set when no HTTP answer decided the outcome. */
    readonly reason?: UnavailableCause,
  ) {
    super(`${messageFor(code)} (${endpoint}${status === undefined ? "" : ` -> ${status}`}${reason === undefined ? "" : `, ${reason}`})`);
  }

  /** True when the attempt(s) ran out of time rather than failed. */
  get timedOut(): boolean {
    return this.reason === "timeout";
  }

  /** True when the caller went away: nobody reads the outcome, and it says nothing about Yoti. */
  get cancelled(): boolean {
    return this.reason === "cancelled";
  }
}

/** Builds the error for a non-success upstream status. */
export function upstreamStatusError(endpoint: string, status: number): UpstreamError {
  return new UpstreamError(codeForStatus(status) ?? ErrorCode.UPSTREAM_BAD_RESPONSE, endpoint, status);
}

/** Builds the error for a read that got no HTTP answer; the low-level cause is deliberately not kept (it holds the URL). */
export function upstreamUnavailableError(endpoint: string, reason: UnavailableCause): UpstreamError {
  return new UpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, endpoint, undefined, reason);
}

/** Builds the error for a body that is not the JSON shape we expect. */
export function upstreamBadResponseError(endpoint: string, status?: number): UpstreamError {
  return new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, endpoint, status);
}
