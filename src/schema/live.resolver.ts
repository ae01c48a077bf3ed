import { Arg, Authorized, Ctx, FieldResolver, ID, Resolver, Root, Subscription, type ResolverData } from "type-graphql";
import type { SessionEvent } from "../live/session-event.js";
import { ErrorCode, Explain } from "../upstream/error-codes.js";
import type { WireSession } from "../upstream/wire/index.js";
import { Scope } from "./auth-checker.js";
import type { LiveContext } from "./context.js";
import { codedError, toGraphQLError } from "./errors.js";
import { Session } from "./session.js";
import { sessionKey } from "./session-id.js";
import { SessionUpdate } from "./session-update.js";

/** Opens the event stream, once the id and the caller's grant are checked: an outside session costs no upstream call. */
function subscribeToSession({ args, context }: ResolverData<LiveContext>): AsyncIterable<SessionEvent> {
  const key = sessionKey(String(args.id));
  if (context.caller.sessionIds && !context.caller.sessionIds.has(key)) {
    throw codedError(ErrorCode.FORBIDDEN, Explain.outsideGrant);
  }
  // Stryker disable next-line ConditionalExpression: defence in depth, unreachable while apollo.ts refuses subscriptions over HTTP (tested) before execution
  if (!context.live) throw codedError(ErrorCode.BAD_USER_INPUT, Explain.subscriptionsOverWebSocketOnly);
  return context.live.subscribe(key);
}

@Resolver(() => SessionUpdate)
export class LiveResolver {
  @Authorized(Scope.SESSIONS_READ)
  @Subscription(() => SessionUpdate, {
    subscribe: subscribeToSession as never,
    description:
      "Events about one session, over WebSocket (graphql-ws): the current state first, then one per Yoti notification (or per change seen, without webhooks). Ends after the event that shows COMPLETED or EXPIRED, when Yoti has no such session, or after SUBSCRIPTION_MAX_LIFETIME_MS.",
  })
  sessionUpdated(@Arg("id", () => ID) _id: string, @Root() event: SessionEvent | undefined): SessionEvent {
    // Executed without a stream (a subscription sent as a plain query): nothing to answer with.
    // Stryker disable next-line ConditionalExpression: defence in depth, unreachable while apollo.ts refuses subscriptions over HTTP (tested) before execution
    if (!event) throw codedError(ErrorCode.BAD_USER_INPUT, Explain.subscriptionsOverWebSocketOnly);
    return event;
  }

  @FieldResolver(() => Session, { nullable: true, description: "The session as read for this event; null with the upstream error's code when the read failed." })
  session(@Root() event: SessionEvent): WireSession {
    const { session, error } = event.fetched;
    if (session) return session;
    throw toGraphQLError(error);
  }
}
