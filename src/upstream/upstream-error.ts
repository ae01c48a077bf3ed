import { ErrorCode } from "../errors/error-codes.js";
import { CodedFailure } from "../errors/coded-error.js";

/** Why a read failed without an HTTP answer. */
export type UnavailableCause = "network" | "timeout" | "circuit-open" | "cancelled";

/**
 * A failed upstream call. It carries a code, the endpoint template and the status only:
 * never the URL query (nonce, sdkId), headers (the digest), the body, or key material.
 */
export class UpstreamError extends CodedFailure {
  override readonly name = "UpstreamError";

  constructor(
    code: ErrorCode,
    readonly endpoint: string,
    readonly status?: number,
    /** Set when no HTTP answer decided the outcome. */
    readonly reason?: UnavailableCause,
  ) {
    super(code, undefined, status === undefined ? {} : { upstreamStatus: status }, undefined);
    this.message = `${this.publicMessage} (${endpoint}${status === undefined ? "" : ` -> ${status}`}${reason === undefined ? "" : `, ${reason}`})`;
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

/** Maps an upstream HTTP status (after retries) to a code; undefined for success statuses. */
export function codeForStatus(status: number): ErrorCode | undefined {
  if (status < 400) return undefined;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 401 || status === 403) return ErrorCode.UPSTREAM_UNAUTHORIZED;
  if (status === 429) return ErrorCode.UPSTREAM_RATE_LIMITED;
  if (status >= 500) return ErrorCode.UPSTREAM_UNAVAILABLE;
  // 400 and the other 4xx all mean Yoti refused what we sent.
  return ErrorCode.UPSTREAM_BAD_REQUEST;
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
