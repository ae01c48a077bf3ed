import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { codedError, toGraphQLError } from "../errors/coded-error.js";
import { ErrorCode } from "../errors/error-codes.js";
import { isPlainObject } from "../upstream/parse-session.js";
import type { WireRequiredResource, WireSession, WireSessionConfiguration, WireSupportedDocuments, WireTrackedDeviceEvent } from "../upstream/wire/index.js";
import { Scope } from "./auth-checker.js";
import { AttemptsRemaining, RequiredResource, SessionConfiguration, SupportedDocuments, type AttemptsRemainingEntry } from "./configuration.js";
import { SessionProgress } from "./progress.js";
import type { ResolverContext } from "./resolver-context.js";
import { sessionProgress } from "./session-progress.js";
import { Session } from "./session.js";
import { TrackedDeviceEvent } from "./tracked-device.js";

/** A session's configuration through the request's loader (one read per session per request), as a coded GraphQL error on failure. */
function loadConfiguration(session: WireSession, ctx: ResolverContext): Promise<WireSessionConfiguration> {
  return ctx.loaders.configurations.load(ctx.loaders.links.of(session).sessionId).catch((error: unknown) => {
    throw toGraphQLError(error);
  });
}

@Resolver(() => Session)
export class SessionReadApiResolver {
  @FieldResolver(() => SessionConfiguration, {
    nullable: true,
    description: "How the session was configured: requested checks and required resources. Read at most once per request however many fields select it. Not available in subscriptions.",
  })
  configuration(@Root() session: WireSession, @Ctx() ctx: ResolverContext): Promise<WireSessionConfiguration> {
    return loadConfiguration(session, ctx);
  }

  @FieldResolver(() => SessionProgress, {
    nullable: true,
    description: "Derived by the gateway (Yoti sends no such thing): requested checks against the checks present, by state; required resources against those captured. Reads the configuration (shared with `configuration`). Not available in subscriptions.",
  })
  async progress(@Root() session: WireSession, @Ctx() ctx: ResolverContext): Promise<SessionProgress> {
    return sessionProgress(session, await loadConfiguration(session, ctx));
  }

  @Authorized(Scope.DEVICES_READ)
  @FieldResolver(() => [TrackedDeviceEvent], {
    nullable: true,
    description: "The devices' events in this session (needs `devices:read`: personal data, an IP address). Not available in subscriptions.",
  })
  trackedDevices(@Root() session: WireSession, @Ctx() ctx: ResolverContext): Promise<WireTrackedDeviceEvent[]> {
    const links = ctx.loaders.links.of(session);
    // Linked to the session, so the devices' personal fields know which session they record against.
    return ctx.loaders.trackedDevices.load(links.sessionId).then(
      (events) => ctx.loaders.links.adopt(events, links),
      (error: unknown) => {
        throw toGraphQLError(error);
      },
    );
  }
}

@Resolver()
export class SupportedDocumentsResolver {
  @Query(() => SupportedDocuments, {
    nullable: true,
    description: "The documents Yoti accepts, by country: public and the same for every caller, so kept across requests (YOTI_SUPPORTED_DOCUMENTS_TTL_SECONDS).",
  })
  supportedDocuments(
    @Arg("includeNonLatin", () => Boolean, { nullable: true, description: "Also list documents not strictly in Latin script." }) includeNonLatin: boolean | null | undefined,
    @Ctx() ctx: ResolverContext,
  ): Promise<WireSupportedDocuments> {
    return ctx.loaders.supportedDocuments.load(includeNonLatin === true).catch((error: unknown) => {
      throw toGraphQLError(error);
    });
  }
}

@Resolver(() => RequiredResource)
export class RequiredResourceResolver {
  @FieldResolver(() => [AttemptsRemaining], {
    nullable: true,
    description: "Attempts left, by kind (Yoti's `attempts_remaining` object, e.g. {GENERIC: 3}, as a list). Null when Yoti sent none.",
  })
  attemptsRemaining(@Root() resource: WireRequiredResource): AttemptsRemainingEntry[] | null {
    const attempts: unknown = resource.attempts_remaining;
    if (attempts === undefined || attempts === null) return null;
    // Not an object: reported on this field alone, like any value of the wrong JSON type.
    if (!isPlainObject(attempts)) throw codedError(ErrorCode.UPSTREAM_BAD_RESPONSE);
    return Object.entries(attempts).map(([type, count]) => ({ type, count }));
  }
}
