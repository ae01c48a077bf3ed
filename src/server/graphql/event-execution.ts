import { createSourceEventStream, execute, GraphQLError, type ExecutionArgs, type ExecutionResult } from "graphql";
import { eventLoaders } from "../../loaders/event-loaders.js";
import type { SessionEvent } from "../../live/session-event.js";
import { createRequestStats } from "../../loaders/request-stats.js";
import type { LiveContext, ResolverContext } from "../../schema/resolver-context.js";
import type { YotiClient } from "../../upstream/yoti-client.js";
import type { MediaUrls } from "../../schema/resolver-context.js";
import { assertCurrent } from "./authenticate.js";
import { auditAnswer } from "./audit-step.js";
import { accessRecord, type AuditOptions } from "./operation-access.js";

/** A subscription's context: who subscribed, the live feed, and how each of its events gets a context of its own. */
export interface SubscriptionContext extends LiveContext {
  /** A fresh ResolverContext for one event: this caller, loaders over the event's shared body, a media budget, media URLs. */
  forEvent(event: SessionEvent): ResolverContext;
  /** Counts an event produced for this subscriber. */
  readonly onEvent?: (event: SessionEvent) => void;
  /** The audit step for one event's answer (audit-step.ts): its events are durable before it is sent. */
  settle?(context: ResolverContext, result: ExecutionResult, operationName: string | null): Promise<ExecutionResult>;
  /** Aborted, with the coded error as its reason, when the stream must end before its next event (the credential expired). */
  readonly revoked: AbortSignal;
}

/** What the per-event contexts of a subscription are made from. */
export interface EventContextOptions {
  readonly client: YotiClient;
  readonly mediaUrls: MediaUrls;
  readonly onEvent?: (event: SessionEvent) => void;
  /** The audit trail; absent when GATEWAY_AUDIT=off. */
  readonly audit?: AuditOptions;
  /** The purpose the connection stated (X-Access-Purpose on the upgrade request). */
  readonly purpose?: string;
  /** The subscribe's request id: every event's audit event carries it. */
  readonly requestId: string;
}

/** The per-event half of a subscription's context: each event resolves with its own loaders and counters. */
export function eventContexts(options: EventContextOptions, caller: LiveContext["caller"]): Pick<SubscriptionContext, "forEvent" | "onEvent" | "settle"> {
  const { client, mediaUrls, audit } = options;
  return {
    onEvent: options.onEvent,
    forEvent(event) {
      const stats = createRequestStats();
      const access = accessRecord(audit, caller, "websocket", options.requestId, options.purpose);
      return { caller, stats, loaders: eventLoaders(client, { sessionId: event.sessionId, ...event.fetched }, stats), mediaUrls, access };
    },
    async settle(context, result, operationName) {
      const answer = { data: result.data as Record<string, unknown> | null | undefined, errors: result.errors };
      const added = await auditAnswer(audit, context.access, operationName, answer, (message, path, code) => new GraphQLError(message, { path, extensions: { code } }));
      return added.length === 0 ? result : { ...result, data: answer.data, errors: [...(result.errors ?? []), ...added] };
    },
  };
}

/** Resolves when `signal` aborts, rejecting with its reason; never settles otherwise. */
function whenRevoked(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/**
 * graphql-js's subscribe, except that each event is executed with a context of its own
 * (`forEvent`), not the subscription's: an event's session was fetched once for every subscriber,
 * and each resolves it with its own loaders, budget and grants. Before each event the caller is
 * checked again (an expired credential ends the stream with UNAUTHENTICATED), and a revoked
 * subscription ends at once, even while it waits for its next event. The returned iterator's
 * `return` ends the source at once too.
 */
export async function subscribeWithEventContexts(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(source))) return source as ExecutionResult;
  const events = (source as AsyncIterable<SessionEvent>)[Symbol.asyncIterator]();
  const context = args.contextValue as SubscriptionContext;
  const revoked = whenRevoked(context.revoked);
  // Nobody may be waiting when it fires: the rejection is read through `next`, never left unhandled.
  revoked.catch(() => {});
  const stop = async (): Promise<IteratorReturnResult<void>> => {
    await events.return?.();
    return { value: undefined, done: true };
  };
  const results: AsyncGenerator<ExecutionResult, void, void> = {
    async next() {
      let next: IteratorResult<SessionEvent>;
      try {
        next = await Promise.race([events.next(), revoked]);
        assertCurrent(context.caller);
      } catch (error) {
        await stop();
        throw error;
      }
      if (next.done) return { value: undefined, done: true };
      context.onEvent?.(next.value);
      const eventContext = context.forEvent(next.value);
      const result = await execute({ ...args, rootValue: next.value, contextValue: eventContext });
      return { value: context.settle ? await context.settle(eventContext, result, args.operationName ?? null) : result, done: false };
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
