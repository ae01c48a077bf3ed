import { FieldResolver, Resolver, Root } from "type-graphql";
import { ErrorCode } from "../errors/error-codes.js";
import { isPlainObject } from "../upstream/parse-session.js";
import type { WireRecommendation, WireWatchlistSearchConfig } from "../upstream/wire/index.js";
import { codedError } from "../errors/coded-error.js";
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
    const tags: unknown = config.tags;
    if (tags === undefined || tags === null) return null;
    // A map of strings upstream; any other shape is Yoti's error, reported on this field alone (String() of an object would invent a value).
    if (!isPlainObject(tags)) throw codedError(ErrorCode.UPSTREAM_BAD_RESPONSE);
    const entries = Object.entries(tags);
    if (entries.some(([, value]) => typeof value === "object" && value !== null)) throw codedError(ErrorCode.UPSTREAM_BAD_RESPONSE);
    return entries.map(([key, value]) => ({ key, value: String(value) }));
  }
}
