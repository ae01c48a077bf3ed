import { ErrorCode, codeForStatus, messageFor } from "./error-codes.js";

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
    /** True when the attempt(s) ran out of time rather than failed. */
    readonly timedOut = false,
  ) {
    super(`${messageFor(code)} (${endpoint}${status === undefined ? "" : ` -> ${status}`})`);
  }
}

/** Builds the error for a non-success upstream status. */
export function upstreamStatusError(endpoint: string, status: number): UpstreamError {
  return new UpstreamError(codeForStatus(status) ?? ErrorCode.UPSTREAM_BAD_RESPONSE, endpoint, status);
}

/** Builds the error for a timeout or network failure; the cause is deliberately not kept (it holds the URL). */
export function upstreamUnavailableError(endpoint: string, timedOut = false): UpstreamError {
  return new UpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, endpoint, undefined, timedOut);
}

/** Builds the error for a body that is not the JSON shape we expect. */
export function upstreamBadResponseError(endpoint: string, status?: number): UpstreamError {
  return new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, endpoint, status);
}
