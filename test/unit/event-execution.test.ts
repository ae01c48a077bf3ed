import { randomUUID } from "node:crypto";
import { Repeater } from "@repeaterjs/repeater";
import { parse, type ExecutionResult } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { AccessRecord } from "../../src/audit/access-record.js";
import type { SessionEvent } from "../../src/live/session-event.js";
import { createRequestStats } from "../../src/loaders/request-stats.js";
import { buildGatewaySchema } from "../../src/schema/build-schema.js";
import type { Caller } from "../../src/schema/resolver-context.js";
import { subscribeWithEventContexts, type SubscriptionContext } from "../../src/server/graphql/event-execution.js";

const SESSION = randomUUID();
let schema: Awaited<ReturnType<typeof buildGatewaySchema>>;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

/** A subscription context over a feed that yields `events` as they are pushed. */
function context(caller: Caller, revoked = new AbortController()) {
  const queue: SessionEvent[] = [];
  let wake: (() => void) | undefined;
  const push = (topic: string) => {
    queue.push({ sessionId: SESSION, topic, receivedAt: new Date().toISOString(), fetched: { jsonMedia: undefined as never } });
    wake?.();
  };
  // A Repeater, as the live feed's streams are: its return() ends it even while it waits for an event.
  const stream = () =>
    new Repeater<SessionEvent>(async (emit, stop) => {
      for (;;) {
        if (queue.length === 0) await Promise.race([new Promise<void>((r) => (wake = r)), stop]);
        if (queue.length === 0) return;
        await emit(queue.shift()!);
      }
    });
  const ctx: SubscriptionContext = {
    caller,
    feed: { subscribe: () => stream() },
    revoked: revoked.signal,
    forEvent: () => ({ caller, stats: createRequestStats(), loaders: undefined as never,
      mediaUrls: { urlFor: () => "" },
      access: new AccessRecord("full", { caller: caller.name, issuer: null, transport: "websocket", requestId: "r", traceId: null, purpose: null }),
    }),
  };
  return { ctx, push, revoked };
}

async function subscribe(ctx: SubscriptionContext) {
  const result = await subscribeWithEventContexts({ schema, document: parse(`subscription { sessionUpdated(id: "${SESSION}") { topic } }`), contextValue: ctx });
  if (!(Symbol.asyncIterator in result)) throw new Error(`no stream: ${JSON.stringify(result)}`);
  return result as AsyncGenerator<ExecutionResult>;
}

const reader: Caller = { name: "t", scopes: new Set(["sessions:read"]) };

describe("each event of a subscription goes through the pipeline's checks again", () => {
  it("an event is executed with its own context while the credential holds", async () => {
    const { ctx, push } = context({ ...reader, expiresAt: Date.now() + 60_000 });
    const events = await subscribe(ctx);
    push("snapshot");
    expect(await events.next()).toEqual({ done: false, value: { data: { sessionUpdated: { topic: "snapshot" } } } });
    await events.return(undefined);
  });

  it("an event that comes after the credential expired ends the stream with UNAUTHENTICATED instead of being executed", async () => {
    const { ctx, push } = context({ ...reader, expiresAt: Date.now() + 50 });
    const events = await subscribe(ctx);
    await new Promise((r) => setTimeout(r, 80));
    push("check_completion");
    await expect(events.next()).rejects.toMatchObject({ message: "The credential has expired: reconnect with a fresh token", extensions: { code: "UNAUTHENTICATED" } });
  });

  it("a revoked subscription ends at once, even while it waits for its next event", async () => {
    const { ctx, revoked } = context(reader);
    const events = await subscribe(ctx);
    const next = events.next();
    revoked.abort(new Error("revoked"));
    await expect(next).rejects.toThrow("revoked");
  });
});
