import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Scope } from "./auth-checker.js";
import type { ResolverContext } from "./resolver-context.js";
import { ErrorCode } from "../errors/error-codes.js";
import { Explain } from "../errors/explain.js";
import type { WireCheck, WireSession } from "../upstream/wire/index.js";
import { Check } from "./check.js";
import { codedError } from "../errors/coded-error.js";
import { loadSession, MAX_SESSION_IDS } from "./session-access.js";
import { normalizeToken } from "./normalize-token.js";
import { Session } from "./session.js";

@Resolver(() => Session)
export class SessionResolver {
  @Authorized(Scope.SESSIONS_READ)
  @Query(() => Session, { nullable: true, description: "One session by id. Null (with code NOT_FOUND) when Yoti has no such session." })
  session(@Arg("id", () => ID) id: string, @Ctx() ctx: ResolverContext): Promise<WireSession> {
    return loadSession(ctx, id);
  }

  @Authorized(Scope.SESSIONS_READ)
  @Query(() => [Session], {
    nullable: "items",
    description: `Several sessions, in the order asked (at most ${MAX_SESSION_IDS} ids; duplicates cost one upstream call). A failing id is null with its own error; the others still resolve.`,
  })
  sessions(@Arg("ids", () => [ID]) ids: string[], @Ctx() ctx: ResolverContext): Promise<(WireSession | Error)[]> {
    if (ids.length > MAX_SESSION_IDS) {
      throw codedError(ErrorCode.BAD_USER_INPUT, Explain.tooManyIds(MAX_SESSION_IDS, ids.length));
    }
    // Each failed id becomes an Error value in its slot: GraphQL reports it at that index and
    // leaves the siblings alone (a rejected promise in a list is not handled this way by every executor).
    return Promise.all(ids.map((id) => loadSession(ctx, id).catch((error: unknown) => error as Error)));
  }

  @FieldResolver(() => ID, { description: "The session id (`session_id` upstream)." })
  id(@Root() session: WireSession, @Ctx() ctx: ResolverContext): string {
    const id: unknown = session.session_id;
    // The id the session was fetched with stands in for a missing or malformed one: this non-null
    // field failing would null the whole session.
    return typeof id === "string" ? id : ctx.loaders.links.of(session).sessionId;
  }

  @FieldResolver(() => [Check], { description: "The session's checks, optionally filtered by raw type and state." })
  checks(
    @Root() session: WireSession,
    @Arg("types", () => [String], { nullable: true, description: "Keep checks whose `type` is one of these." }) types?: string[] | null,
    @Arg("states", () => [String], { nullable: true, description: "Keep checks whose `state` is one of these." }) states?: string[] | null,
  ): WireCheck[] {
    let checks = session.checks ?? [];
    if (types) {
      const wanted = new Set(types);
      checks = checks.filter((c) => c.type !== undefined && wanted.has(c.type));
    }
    if (states) {
      const wanted = new Set(states.map(normalizeToken));
      checks = checks.filter((c) => c.state !== undefined && wanted.has(normalizeToken(c.state)));
    }
    return checks;
  }
}
