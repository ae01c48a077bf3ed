import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { ResolverContext } from "./resolver-context.js";
import { allResources } from "../upstream/wire/index.js";
import type { WireCheck, WireResource } from "../upstream/wire/index.js";
import { Check } from "./check.js";
import { normalizeToken } from "./normalize-token.js";
import { Resource } from "./resource.js";

@Resolver(() => Check)
export class CheckResolver {
  @FieldResolver(() => String, { nullable: true })
  state(@Root() check: WireCheck): string | undefined {
    return check.state === undefined ? undefined : normalizeToken(check.state);
  }

  @FieldResolver(() => [Resource], { description: "The session's resources named in `resourcesUsed`, in that order (unknown ids are skipped)." })
  resources(@Root() check: WireCheck, @Ctx() ctx: ResolverContext): WireResource[] {
    const used: unknown = check.resources_used;
    // A malformed `resources_used` is reported on `resourcesUsed` itself; this non-null edge just finds nothing.
    if (!Array.isArray(used) || used.length === 0) return [];
    const byId = new Map<string, WireResource>();
    for (const resource of allResources(ctx.loaders.links.of(check).session)) {
      if (resource.id !== undefined) byId.set(resource.id, resource);
    }
    return used.flatMap((id: unknown) => (typeof id === "string" ? (byId.get(id) ?? []) : []));
  }
}
