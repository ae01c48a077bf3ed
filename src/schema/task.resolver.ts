import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { ResolverContext } from "./resolver-context.js";
import { isPlainObject } from "../upstream/parse-session.js";
import type { WireCheck, WireTask } from "../upstream/wire/index.js";
import { Check } from "./check.js";
import { Task } from "./task.js";

@Resolver(() => Task)
export class TaskResolver {
  @FieldResolver(() => [Check], { description: "The session's checks named in `generatedChecks`, in that order (unknown ids are skipped)." })
  checks(@Root() task: WireTask, @Ctx() ctx: ResolverContext): WireCheck[] {
    const generated: unknown = task.generated_checks;
    // A malformed `generated_checks` is reported on `generatedChecks` itself; this non-null edge just finds nothing.
    if (!Array.isArray(generated) || generated.length === 0) return [];
    const byId = new Map<string, WireCheck>();
    for (const check of ctx.loaders.links.of(task).session.checks ?? []) {
      if (check.id !== undefined) byId.set(check.id, check);
    }
    return generated.flatMap((g: unknown) => {
      const id = isPlainObject(g) ? g.id : undefined;
      return typeof id === "string" ? (byId.get(id) ?? []) : [];
    });
  }
}
