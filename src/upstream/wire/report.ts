import type { WireMediaHolder } from "./media.js";

/** `report.recommendation` (api doc §4.6). */
export interface WireRecommendation {
  value?: string;
  reason?: string;
  recovery_suggestion?: string;
}

/** `report.breakdown[].details[]`: both strings on the wire. */
export interface WireBreakdownDetail {
  name?: string;
  value?: string;
}

/** `report.breakdown[]`. */
export interface WireBreakdown {
  sub_check?: string;
  result?: string;
  process?: string;
  details?: WireBreakdownDetail[] | null;
}

/** `search_config.sources` of an advanced-CA watchlist check. */
export interface WireWatchlistSources {
  type?: string;
  search_profile?: string;
  types?: string[];
}

/** `search_config.matching_strategy` of an advanced-CA watchlist check. */
export interface WireMatchingStrategy {
  type?: string;
  exact_match?: boolean;
  fuzziness?: number;
}

/** Search config: screening checks carry `categories`; advanced-CA checks carry the rest. */
export interface WireWatchlistSearchConfig {
  categories?: string[];
  type?: string;
  remove_deceased?: boolean;
  share_url?: boolean;
  sources?: WireWatchlistSources | null;
  matching_strategy?: WireMatchingStrategy | null;
  api_key?: string;
  monitoring?: boolean;
  tags?: Record<string, string> | null;
  client_ref?: string;
}

/** `report.watchlist_summary` on the two watchlist check types. */
export interface WireWatchlistSummary {
  total_hits?: number;
  associated_country_codes?: string[] | null;
  raw_results?: WireMediaHolder | null;
  search_config?: WireWatchlistSearchConfig | null;
}

/** A check's report. */
export interface WireReport {
  recommendation?: WireRecommendation | null;
  breakdown?: WireBreakdown[] | null;
  watchlist_summary?: WireWatchlistSummary | null;
}
