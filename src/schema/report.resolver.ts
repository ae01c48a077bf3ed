import { FieldResolver, Resolver, Root } from "type-graphql";
import type { WireRecommendation, WireWatchlistSearchConfig } from "../upstream/wire/index.js";
import { normalizeToken } from "./normalize-token.js";
import { Recommendation, WatchlistSearchConfig, WatchlistTag } from "./report.js";

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @FieldResolver(() => String, { nullable: true, description: "APPROVE, REJECT, NOT_AVAILABLE, CONSIDER, ... (open set)" })
  value(@Root() recommendation: WireRecommendation): string | undefined {
    return recommendation.value === undefined ? undefined : normalizeToken(recommendation.value);
  }
}

@Resolver(() => WatchlistSearchConfig)
export class WatchlistSearchConfigResolver {
  @FieldResolver(() => [WatchlistTag], { nullable: true, description: "A custom account's tags, as key/value pairs." })
  tags(@Root() config: WireWatchlistSearchConfig): WatchlistTag[] | null {
    const tags = config.tags;
    if (!tags || typeof tags !== "object") return null;
    return Object.entries(tags).map(([key, value]) => ({ key, value: String(value) }));
  }
}
