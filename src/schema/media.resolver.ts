import { GraphQLJSON } from "graphql-scalars";
import { Authorized, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Scope } from "./auth-checker.js";
import type { ResolverContext } from "./resolver-context.js";
import { ErrorCode } from "../errors/error-codes.js";
import type { WireMedia, WireMediaHolder } from "../upstream/wire/index.js";
import { isPlainObject } from "../upstream/parse-session.js";
import { DocumentFieldValues } from "./document-field-values.js";
import { codedError, toGraphQLError } from "../errors/coded-error.js";
import { DocumentFields, Media } from "./media.js";
import { Mask, Personal } from "./personal-data.js";

/**
 * The parsed JSON body of a holder's media, through the request's media loader; null without a
 * media id or on 204. Its objects are linked to the holder's session, so the personal fields read
 * off them (DocumentFieldValues, its address) know which session they record against.
 */
async function jsonContent(holder: WireMediaHolder, ctx: ResolverContext): Promise<unknown> {
  const mediaId: unknown = holder.media?.id;
  if (!mediaId) return null;
  // Never let a non-string id reach a media request (or its cache key).
  if (typeof mediaId !== "string") throw codedError(ErrorCode.UPSTREAM_BAD_RESPONSE);
  const links = ctx.loaders.links.of(holder);
  ctx.stats.mediaLoads += 1;
  let content: unknown;
  try {
    content = await ctx.loaders.jsonMedia.load({ sessionId: links.sessionId, mediaId });
  } catch (error) {
    throw toGraphQLError(error);
  }
  return ctx.loaders.links.adopt(content, links);
}

@Resolver(() => Media)
export class MediaResolver {
  @Authorized(Scope.MEDIA_READ)
  @Personal({ holds: "a link to the media's bytes: document images, selfies, extracted data", scope: Scope.MEDIA_READ, mediaLink: true })
  @FieldResolver(() => String, {
    nullable: true,
    description: "A short-lived URL on this gateway that serves the media's bytes (usable in <img src>); null without an id.",
  })
  url(@Root() media: WireMedia, @Ctx() ctx: ResolverContext): string | null {
    const id: unknown = media.id;
    if (!id) return null;
    // A non-string id would be signed into the URL's token as it is.
    if (typeof id !== "string") throw codedError(ErrorCode.UPSTREAM_BAD_RESPONSE);
    return ctx.mediaUrls.urlFor(ctx.loaders.links.of(media).sessionId, id);
  }
}

@Resolver(() => DocumentFields)
export class DocumentFieldsResolver {
  @Personal({ holds: "the data extracted from a document, typed", mask: Mask.byField })
  @FieldResolver(() => DocumentFieldValues, {
    nullable: true,
    description: "The extracted data, typed. Fetched from the media content only when selected; null when none is available.",
  })
  async values(@Root() holder: WireMediaHolder, @Ctx() ctx: ResolverContext): Promise<Record<string, unknown> | null> {
    const content = await jsonContent(holder, ctx);
    return isPlainObject(content) ? content : null;
  }

  @Personal({ holds: "the data extracted from a document, as parsed JSON" })
  @FieldResolver(() => GraphQLJSON, {
    nullable: true,
    description: "The whole parsed media, for keys `values` does not type. Shares one upstream fetch with `values`.",
  })
  json(@Root() holder: WireMediaHolder, @Ctx() ctx: ResolverContext): Promise<unknown> {
    return jsonContent(holder, ctx);
  }
}
