import { Float, Int, ObjectType } from "type-graphql";
import type {
  WireBreakdown,
  WireBreakdownDetail,
  WireMatchingStrategy,
  WireMediaHolder,
  WireRecommendation,
  WireReport,
  WireWatchlistSearchConfig,
  WireWatchlistSources,
  WireWatchlistSummary,
} from "../upstream/wire/index.js";
import { RawResults } from "./media.js";
import { WireField } from "./wire-field.js";

@ObjectType("Recommendation", { description: "A check's outcome." })
export class Recommendation implements WireRecommendation {
  @WireField(() => String, { description: "APPROVE, REJECT, NOT_AVAILABLE, CONSIDER, ... (open set; `NOT AVAILABLE` is emitted as NOT_AVAILABLE)" })
  value?: string;
  @WireField(() => String, { description: "Why, e.g. COUNTERFEIT, PHOTO_TOO_DARK, POTENTIAL_MATCH (open set)" })
  reason?: string;
  @WireField(() => String, { description: "What the user can do, e.g. BETTER_LIGHTING" })
  recovery_suggestion?: string;
}

@ObjectType("BreakdownDetail")
export class BreakdownDetail implements WireBreakdownDetail {
  @WireField(() => String) name?: string;
  @WireField(() => String, { description: "Always a string upstream, e.g. \"0.97\"" }) value?: string;
}

@ObjectType("Breakdown", { description: "One sub-check of a report." })
export class Breakdown implements WireBreakdown {
  @WireField(() => String) sub_check?: string;
  @WireField(() => String, { description: "PASS, FAIL, NOT_AVAILABLE (open set)" }) result?: string;
  @WireField(() => String, { description: "e.g. AUTOMATED" }) process?: string;
  @WireField(() => [BreakdownDetail]) details?: WireBreakdownDetail[] | null;
}

@ObjectType("WatchlistSources")
export class WatchlistSources implements WireWatchlistSources {
  @WireField(() => String, { description: "PROFILE or TYPE_LIST" }) type?: string;
  @WireField(() => String) search_profile?: string;
  @WireField(() => [String]) types?: string[];
}

@ObjectType("WatchlistMatchingStrategy")
export class WatchlistMatchingStrategy implements WireMatchingStrategy {
  @WireField(() => String, { description: "EXACT or FUZZY" }) type?: string;
  @WireField(() => Boolean) exact_match?: boolean;
  @WireField(() => Float) fuzziness?: number;
}

@ObjectType("WatchlistTag")
export class WatchlistTag {
  @WireField(() => String, { nullable: false }) key!: string;
  @WireField(() => String, { nullable: false }) value!: string;
}

@ObjectType("WatchlistSearchConfig", {
  description:
    "Screening checks fill `categories`; advanced-CA checks fill the rest. A custom account's `api_key` is deliberately not exposed.",
})
export class WatchlistSearchConfig implements WireWatchlistSearchConfig {
  @WireField(() => [String]) categories?: string[];
  @WireField(() => String, { description: "WITH_YOTI_ACCOUNT or WITH_CUSTOM_ACCOUNT" }) type?: string;
  @WireField(() => Boolean) remove_deceased?: boolean;
  @WireField(() => Boolean) share_url?: boolean;
  @WireField(() => WatchlistSources) sources?: WireWatchlistSources | null;
  @WireField(() => WatchlistMatchingStrategy) matching_strategy?: WireMatchingStrategy | null;
  @WireField(() => Boolean) monitoring?: boolean;
  @WireField(() => String) client_ref?: string;
  // `tags` is a map upstream; see ReportResolver for its key/value list.
}

@ObjectType("WatchlistSummary")
export class WatchlistSummary implements WireWatchlistSummary {
  @WireField(() => Int) total_hits?: number;
  @WireField(() => [String]) associated_country_codes?: string[] | null;
  @WireField(() => RawResults) raw_results?: WireMediaHolder | null;
  @WireField(() => WatchlistSearchConfig) search_config?: WireWatchlistSearchConfig | null;
}

@ObjectType("CheckReport", { description: "A check's report; `watchlistSummary` is set on the two watchlist check types." })
export class CheckReport implements WireReport {
  @WireField(() => Recommendation) recommendation?: WireRecommendation | null;
  @WireField(() => [Breakdown]) breakdown?: WireBreakdown[] | null;
  @WireField(() => WatchlistSummary) watchlist_summary?: WireWatchlistSummary | null;
}
