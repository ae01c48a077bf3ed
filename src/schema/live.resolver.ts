import { Arg, Authorized, FieldResolver, ID, Resolver, Root, Subscription, type ResolverData } from "type-graphql";
import type { SessionEvent } from "../live/session-event.js";
import type { WireSession } from "../upstream/wire/index.js";
import { Scope } from "./auth-checker.js";
import type { LiveContext } from "./resolver-context.js";
import { toGraphQLError } from "../errors/coded-error.js";
import { Session } from "./session.js";
import { admitSessionId } from "./session-access.js";
import { SessionUpdate } from "./session-update.js";

/** Opens the event stream, once the id and the caller's grant are checked: an outside session costs no upstream call. */
function subscribeToSession({ args, context }: ResolverData<LiveContext>): AsyncIterable<SessionEvent> {
  // Only the WebSocket transport runs subscriptions (the pipeline's transport rule), and its context has the feed.
  return context.feed.subscribe(admitSessionId(context.caller, String(args.id)));
}

@Resolver(() => SessionUpdate)
export class LiveResolver {
  @Authorized(Scope.SESSIONS_READ)
  @Subscription(() => SessionUpdate, {
    subscribe: subscribeToSession as never,
    description:
      "Events about one session, over WebSocket (graphql-ws): the current state first, then one per Yoti notification (or per change seen, without webhooks). Ends after the event that shows COMPLETED or EXPIRED, when Yoti has no such session, or after GATEWAY_LIVE_MAX_LIFETIME_MS.",
  })
  sessionUpdated(@Arg("id", () => ID) _id: string, @Root() event: SessionEvent): SessionEvent {
    return event;
  }

  @FieldResolver(() => Session, { nullable: true, description: "The session as read for this event; null with the upstream error's code when the read failed." })
  session(@Root() event: SessionEvent): WireSession {
    const { session, error } = event.fetched;
    if (session) return session;
    throw toGraphQLError(error);
  }
}
