import DataLoader from "dataloader";
import { codedError } from "../errors/coded-error.js";
import { ErrorCode } from "../errors/error-codes.js";
import { Explain } from "../errors/explain.js";
import type { ReadApiSource } from "../upstream/read-api-client.js";
import type { WireSessionConfiguration, WireSupportedDocuments, WireTrackedDeviceEvent } from "../upstream/wire/index.js";
import { budgetedBatch, readBudget } from "./budget-error.js";
import type { RequestStats } from "./request-stats.js";

/** One request's loaders for the rest of Yoti's read API. */
export interface ReadApiLoaders {
  /** Keyed by (lower-case) session id: a session's configuration is read at most once per request. */
  readonly configurations: DataLoader<string, WireSessionConfiguration>;
  /** Keyed by (lower-case) session id: personal data, read only for callers with `devices:read`. */
  readonly trackedDevices: DataLoader<string, WireTrackedDeviceEvent[]>;
  /** Keyed by `includeNonLatin`. */
  readonly supportedDocuments: DataLoader<boolean, WireSupportedDocuments>;
}

/** What a request's read-API loaders are bound to. */
export interface ReadApiLoaderOptions {
  readonly stats: RequestStats;
  readonly signal?: AbortSignal;
  /** Reads of each kind the request may make (GATEWAY_MAX_SESSIONS_PER_REQUEST); beyond it a key fails unfetched. */
  readonly maxReads: number;
}

/**
 * Per-request loaders, like the session loader: every key costs one upstream read per request
 * however many fields ask for it, failures included, each within the request's budget.
 */
export function createReadApiLoaders(source: ReadApiSource, options: ReadApiLoaderOptions): ReadApiLoaders {
  const { stats, signal, maxReads } = options;
  const configurationBudget = readBudget(stats, "configurations", maxReads);
  const deviceBudget = readBudget(stats, "trackedDevices", maxReads);
  const documentsBudget = readBudget(stats, "supportedDocuments", maxReads);
  return {
    configurations: new DataLoader((ids) => budgetedBatch(ids, configurationBudget, (id) => source.getSessionConfiguration(id, { signal }))),
    trackedDevices: new DataLoader((ids) => budgetedBatch(ids, deviceBudget, (id) => source.getTrackedDevices(id, { signal }))),
    supportedDocuments: new DataLoader((flags) => budgetedBatch(flags, documentsBudget, (flag) => source.getSupportedDocuments(flag, { signal }))),
  };
}

/**
 * Loaders for a subscription's events, which read their session through the live feed only: a
 * configuration or device read would be one upstream GET per event per subscriber, so each key is
 * refused, unfetched, with BAD_USER_INPUT saying to query it over HTTP.
 */
export function refusedReadApiLoaders(): ReadApiLoaders {
  const refuse = <K, V>() => new DataLoader<K, V>(async (keys) => keys.map(() => codedError(ErrorCode.BAD_USER_INPUT, Explain.notInSubscriptions)));
  return { configurations: refuse(), trackedDevices: refuse(), supportedDocuments: refuse() };
}
