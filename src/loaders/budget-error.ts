import { CodedFailure } from "../errors/coded-error.js";
import { ErrorCode } from "../errors/error-codes.js";
import { Explain } from "../errors/explain.js";
import type { RequestStats } from "./request-stats.js";

/** A request asked for more upstream work than its budget allows; the message names the limit and its variable. */
export class RequestBudgetError extends CodedFailure {
  override readonly name = "RequestBudgetError";
}

/** One kind of upstream read a request has a budget for, and the variable that sets it. */
export interface FetchBudget {
  readonly what: "distinct sessions" | "media fetches" | "session configurations" | "tracked-device reads" | "supported-documents reads";
  readonly variable: "GATEWAY_MAX_SESSIONS_PER_REQUEST" | "GATEWAY_MAX_MEDIA_PER_REQUEST";
  readonly max: number;
  /** Fetches the request has made so far, read and counted here. */
  spent(): number;
  spend(count: number): void;
}

/** The budget of one request's session or media fetches, counted in its RequestStats. */
export function fetchBudget(stats: RequestStats, kind: "sessions" | "media", max: number): FetchBudget {
  return kind === "sessions"
    ? { what: "distinct sessions", variable: "GATEWAY_MAX_SESSIONS_PER_REQUEST", max, spent: () => stats.sessionFetches, spend: (n) => (stats.sessionFetches += n) }
    : { what: "media fetches", variable: "GATEWAY_MAX_MEDIA_PER_REQUEST", max, spent: () => stats.mediaFetches, spend: (n) => (stats.mediaFetches += n) };
}

/** The reads beside a session's own, and the RequestStats counter of each. */
export type ReadKind = "configurations" | "trackedDevices" | "supportedDocuments";

const READS = {
  configurations: { what: "session configurations", counter: "configurationFetches" },
  trackedDevices: { what: "tracked-device reads", counter: "trackedDeviceFetches" },
  supportedDocuments: { what: "supported-documents reads", counter: "supportedDocumentsFetches" },
} as const;

/**
 * The budget of one request's reads of `kind`: each counts like a session read, so a request may make
 * as many of each as it may read sessions (GATEWAY_MAX_SESSIONS_PER_REQUEST).
 */
export function readBudget(stats: RequestStats, kind: ReadKind, max: number): FetchBudget {
  const { what, counter } = READS[kind];
  return { what, variable: "GATEWAY_MAX_SESSIONS_PER_REQUEST", max, spent: () => stats[counter], spend: (n) => (stats[counter] += n) };
}

/**
 * One DataLoader batch within a request's budget: the keys that fit are fetched (a failure becomes
 * that key's Error, so one key never fails the others); the rest are refused unfetched with the
 * budget error naming the limit.
 */
export function budgetedBatch<K, V>(keys: readonly K[], budget: FetchBudget, fetch: (key: K) => Promise<V>): Promise<(V | Error)[]> {
  const room = Math.max(0, budget.max - budget.spent());
  budget.spend(Math.min(keys.length, room));
  return Promise.all(
    keys.map((key, i) =>
      i >= room
        ? new RequestBudgetError(ErrorCode.BAD_USER_INPUT, Explain.fetchBudget(budget.what, budget.max, budget.variable))
        : fetch(key).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
    ),
  );
}
