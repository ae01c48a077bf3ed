// One graphql-ws subscriber of a played session, behaving as a careful frontend would: when its stream ends
// early (1001 on a restart, a dropped socket, an event whose read failed, a refusal) it subscribes again, to
// the same replica once that is ready again or to the other one, and its first event is a new snapshot.
import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import type { Balancer } from "./balancer.js";
import { LIVE, type LivePayload } from "./operations.js";
import type { EventRecord, InstanceRecord, Recorder } from "./record.js";
import type { Replica } from "./replica.js";

/** What every subscriber shares. */
export interface SubscriberContext {
  readonly balancer: Balancer;
  readonly rec: Recorder;
  readonly apiKey: string;
}

/** The event as the soak records it. */
function toEvent(p: LivePayload, errorCode: string | undefined): EventRecord {
  const session = p.session;
  const docs = session?.resources?.idDocuments ?? [];
  const ids = (xs: ({ id?: string | null; state?: string | null } | null)[] | null | undefined, done: boolean) =>
    (xs ?? []).filter((x) => x?.id && (!done || x.state?.toUpperCase() === "DONE")).map((x) => x!.id!.toLowerCase());
  return {
    t: Date.now(),
    topic: p.topic,
    subjectId: p.resourceId ?? p.taskId ?? p.checkId ?? undefined,
    state: session?.state ?? undefined,
    doneChecks: ids(session?.checks, true),
    doneTasks: docs.flatMap((d) => ids(d.tasks, true)),
    resources: [...ids(docs, false), ...ids(session?.resources?.livenessCapture, false)],
    errorCode,
  };
}

/** Why a stream ended, from what graphql-ws handed to `error`. */
function endReason(error: unknown, dropped: boolean, connected: boolean): string {
  if (dropped) return "dropped";
  if (Array.isArray(error)) return `refused:${String((error[0] as { extensions?: { code?: unknown } })?.extensions?.code ?? "UNCODED")}`;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "number") return connected ? `close:${code}` : `connect:${code}`;
  return connected ? "error" : "connect";
}

/** One subscriber: a loop of subscriptions until it has seen the session COMPLETED or the run ends. */
export class Subscriber {
  /** It has seen state COMPLETED (in an event or a snapshot). */
  sawCompleted = false;
  private current: { drop(): boolean; end(reason: string): void; live(): boolean } | undefined;
  private stopped = false;

  constructor(
    readonly id: number,
    readonly sessionId: string,
    private readonly preferred: Replica,
    private readonly ctx: SubscriberContext,
  ) {}

  /** Whether a subscription is open and has had its snapshot (a drop would cut a live stream). */
  get connected(): boolean {
    return this.current?.live() ?? false;
  }

  /** Subscribes, and again after every early end, until COMPLETED or stop(). */
  async run(): Promise<void> {
    while (!this.sawCompleted && !this.stopped) {
      const replica = this.preferred.ready && this.preferred.running() ? this.preferred : this.ctx.balancer.pick();
      if (!replica) {
        await sleep(200);
        continue;
      }
      const reason = await this.once(replica);
      if (this.sawCompleted || this.stopped) break;
      // A short pause, as a client's backoff: a replica that just closed is not hammered.
      await sleep(reason.startsWith("connect") ? 300 : 200 + Math.random() * 400);
    }
  }

  /** Cuts the socket without a close frame (the soak's "client drop"); false when nothing was open. */
  drop(): boolean {
    return this.current?.drop() ?? false;
  }

  /** Ends the subscription now and stops resubscribing. */
  stop(): void {
    this.stopped = true;
    this.current?.end("run-end");
  }

  private once(replica: Replica): Promise<string> {
    const instance: InstanceRecord = { subscriber: this.id, sessionId: this.sessionId, replica: replica.name, incarnation: replica.life?.incarnation ?? 0, tStart: Date.now(), events: [] };
    this.ctx.rec.instances.push(instance);
    return new Promise<string>((resolve) => {
      let socket: WebSocket | undefined;
      let dropped = false;
      let ended = false;
      let unsubscribe = () => {};
      const client = createClient({
        url: `ws://127.0.0.1:${replica.port}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${this.ctx.apiKey}` },
        lazy: true,
        lazyCloseTimeout: 0,
        retryAttempts: 0,
        on: { connected: (s) => (socket = s as WebSocket) },
      });
      const finish = (reason: string) => {
        if (ended) return;
        ended = true;
        instance.tEnd = Date.now();
        instance.endReason = reason;
        this.current = undefined;
        unsubscribe();
        void client.dispose();
        resolve(reason);
      };
      this.current = {
        drop: () => {
          if (!socket || ended) return false;
          dropped = true;
          socket.terminate();
          return true;
        },
        end: finish,
        live: () => socket !== undefined && instance.tSnapshot !== undefined && !ended,
      };
      unsubscribe = client.subscribe<{ sessionUpdated: LivePayload }>(
        { query: LIVE, variables: { id: this.sessionId } },
        {
          next: (result) => {
            const payload = result.data?.sessionUpdated;
            const code = result.errors?.length ? String((result.errors[0]!.extensions as { code?: unknown } | undefined)?.code ?? "UNCODED") : undefined;
            if (!payload) {
              // No event at all, only errors: the stream is of no use any more.
              return finish(`coded:${code ?? "UNCODED"}`);
            }
            const event = toEvent(payload, code);
            instance.events.push(event);
            instance.tSnapshot ??= event.t;
            if (event.state?.toUpperCase() === "COMPLETED") this.sawCompleted = true;
            // The read behind this event failed: a frontend would ask again for the current state.
            if (code !== undefined && !this.sawCompleted) finish(`coded:${code}`);
          },
          error: (error) => finish(endReason(error, dropped, socket !== undefined)),
          complete: () => finish("complete"),
        },
      );
    });
  }
}
