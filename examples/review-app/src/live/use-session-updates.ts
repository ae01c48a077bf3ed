import { useEffect, useRef, useState } from "react";
import type { SubscribePayload } from "graphql-ws";
import { SessionLiveDocument } from "../documents/session-live";
import type { SessionLiveSubscription } from "../gql/graphql";
import { documentIdOf } from "../graphql/document-id";
import type { PathError } from "../review/field-errors";
import type { Settings } from "../settings/settings";
import { createLiveClient } from "./live-socket";

/** Where the live stream is: not asked for, opening, receiving, finished by the gateway, or failed. */
export type LiveStatus = "off" | "connecting" | "live" | "ended" | "error";

/** One event of the stream, for the page's event log. */
export interface LiveEvent {
  readonly topic: string;
  readonly receivedAt: string;
}

/** The live stream's state as the session page renders it. */
export interface SessionUpdates {
  readonly status: LiveStatus;
  readonly latest?: SessionLiveSubscription["sessionUpdated"];
  /** The errors that came with the latest event (paths start at sessionUpdated). */
  readonly latestErrors?: readonly PathError[];
  readonly events: readonly LiveEvent[];
  readonly error?: string;
}

const describeError = (error: unknown): string => {
  if (Array.isArray(error)) return error.map((e: { message?: string }) => e.message ?? "error").join("; ");
  const code = (error as { code?: unknown; reason?: unknown } | null)?.code;
  const reason = (error as { reason?: unknown } | null)?.reason;
  return typeof code === "number" ? `connection closed (${code}${reason ? `: ${String(reason)}` : ""})` : "connection failed";
};

/**
 * Subscribes to `sessionUpdated` while `enabled`: the first event is the current state, then one
 * per change; the gateway ends the stream once the session is COMPLETED or EXPIRED. The document
 * goes by its id (`documentId`, with an empty `query` as graphql-ws requires a string), like the
 * queries, so trusted documents admit it.
 */
export function useSessionUpdates(settings: Settings, sessionId: string, enabled: boolean, onEvent?: () => void): SessionUpdates {
  const [state, setState] = useState<SessionUpdates>({ status: "off", events: [] });
  // The latest callback, read when an event comes: the subscription must not restart when the page re-renders.
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  useEffect(() => {
    if (!enabled) return;
    setState({ status: "connecting", events: [] });
    const client = createLiveClient(settings);
    const payload: SubscribePayload & { documentId: string } = {
      query: "",
      documentId: documentIdOf(SessionLiveDocument),
      operationName: "SessionLive",
      variables: { id: sessionId },
    };
    const stop = client.subscribe<SessionLiveSubscription>(payload, {
      next: ({ data, errors }) => {
        const update = data?.sessionUpdated;
        setState((s) => ({
          status: "live",
          latest: update?.session ? update : s.latest,
          latestErrors: update?.session ? (errors ?? []) : s.latestErrors,
          events: update ? [{ topic: update.topic, receivedAt: update.receivedAt }, ...s.events] : s.events,
          error: errors?.length ? errors.map((e) => e.message).join("; ") : undefined,
        }));
        onEventRef.current?.();
      },
      error: (error) => setState((s) => ({ ...s, status: "error", error: describeError(error) })),
      complete: () => setState((s) => (s.status === "error" ? s : { ...s, status: "ended" })),
    });
    return () => {
      stop();
      void client.dispose();
    };
  }, [settings, sessionId, enabled]);
  return state;
}
