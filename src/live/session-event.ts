import type { SharedRead } from "../loaders/event-loaders.js";
import type { ChangeSubject } from "./session-change.js";

/** One read of a session, shared by every subscriber of it on this replica. */
export interface FetchedSession extends Omit<SharedRead, "sessionId"> {
  /** Why the read failed, when it did (an UpstreamError, usually). */
  readonly error?: unknown;
}

/** What a subscriber receives: the change (its topic and subject), when this replica heard of it, and the session as read for it. */
export interface SessionEvent extends ChangeSubject {
  readonly sessionId: string;
  /** When the gateway received the change (for a snapshot: when it read the session). */
  readonly receivedAt: string;
  readonly fetched: FetchedSession;
}

/** Topic of the first event of every subscription: the state when it started. */
export const SNAPSHOT_TOPIC = "snapshot";
