import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from "graphql";
import type { IncomingMessage } from "node:http";
import type { LimitsConfig } from "../config/security-config.js";
import { eventLoaders } from "../live/event-loaders.js";
import type { SessionUpdates } from "../live/session-feed.js";
import type { SessionEvent } from "../live/session-event.js";
import { createRequestStats } from "../loaders/request-stats.js";
import type { Caller, LiveContext, ResolverContext } from "../schema/context.js";
import type { YotiClient } from "../upstream/yoti-client.js";

/** A subscription's context: who subscribed, the live feed, and how each of its events gets a context of its own. */
export interface SubscriptionContext extends LiveContext {
  /** A fresh ResolverContext for one event: this caller, loaders over the event's shared body, a media budget, media URLs. */
  forEvent(event: SessionEvent): ResolverContext;
  /** Counts an event produced for this subscriber. */
  readonly onEvent?: (event: SessionEvent) => void;
}

/** What building subscription contexts needs. */
export interface SubscriptionContextOptions {
  readonly client: YotiClient;
  readonly limits: Pick<LimitsConfig, "maxMediaPerRequest">;
  readonly live: SessionUpdates;
  readonly mediaBase: (req: IncomingMessage) => string;
  readonly signMediaToken: (sessionId: string, mediaId: string) => string;
  readonly onEvent?: (event: SessionEvent) => void;
}

/** The context of one subscription opened on the connection whose upgrade request was `req`. */
export function subscriptionContext(options: SubscriptionContextOptions, caller: Caller, req: IncomingMessage): SubscriptionContext {
  const { client, live, mediaBase, signMediaToken } = options;
  // Built on the first Media.url only, then kept for the connection's lifetime.
  let base: string | undefined;
  const mediaUrls = { urlFor: (sessionId: string, mediaId: string) => (base ??= mediaBase(req)) + signMediaToken(sessionId, mediaId) };
  return {
    caller,
    live,
    onEvent: options.onEvent,
    forEvent(event) {
      const stats = createRequestStats();
      return { caller, stats, loaders: eventLoaders(client, event, stats), mediaUrls };
    },
  };
}

/**
 * graphql-js's subscribe, except that each event is executed with a context of its own
 * (`forEvent`), not the subscription's: an event's session was fetched once for every subscriber,
 * and each resolves it with its own loaders, budget and grants. The returned iterator's `return`
 * ends the source at once, even while it waits for the next event.
 */
export async function subscribeWithEventContexts(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(source))) return source as ExecutionResult;
  const events = (source as AsyncIterable<SessionEvent>)[Symbol.asyncIterator]();
  const context = args.contextValue as SubscriptionContext;
  const stop = async (): Promise<IteratorReturnResult<void>> => {
    await events.return?.();
    return { value: undefined, done: true };
  };
  const results: AsyncGenerator<ExecutionResult, void, void> = {
    async next() {
      const next = await events.next();
      if (next.done) return { value: undefined, done: true };
      context.onEvent?.(next.value);
      return { value: await execute({ ...args, rootValue: next.value, contextValue: context.forEvent(next.value) }), done: false };
    },
    return: stop,
    async throw(error: unknown) {
      await stop();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return results;
}
