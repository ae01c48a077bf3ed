import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { ResolverContext } from "./context.js";
import type { WireCheck, WireTask } from "../upstream/wire/index.js";
import { Check } from "./check.js";
import { Task } from "./task.js";

@Resolver(() => Task)
export class TaskResolver {
  @FieldResolver(() => [Check], { description: "The session's checks named in `generatedChecks`, in that order (unknown ids are skipped)." })
  checks(@Root() task: WireTask, @Ctx() ctx: ResolverContext): WireCheck[] {
    const generated = task.generated_checks ?? [];
    if (generated.length === 0) return [];
    const byId = new Map<string, WireCheck>();
    for (const check of ctx.loaders.links.of(task).session.checks ?? []) {
      if (check.id !== undefined) byId.set(check.id, check);
    }
    return generated.flatMap((g) => (g.id === undefined ? [] : (byId.get(g.id) ?? [])));
  }
}
