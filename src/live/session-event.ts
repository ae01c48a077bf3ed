import type DataLoader from "dataloader";
import type { MediaKey } from "../loaders/media-loader.js";
import type { WireSession } from "../upstream/wire/index.js";

/** One fetch of a session, shared by every subscriber of it on this replica. */
export interface FetchedSession {
  /** The body, when the fetch succeeded. */
  readonly session?: WireSession;
  /** Why it failed otherwise (an UpstreamError, usually). */
  readonly error?: unknown;
  /** JSON media of this body, fetched once however many subscribers select document values. */
  readonly jsonMedia: DataLoader<MediaKey, unknown, string>;
}

/** What a subscriber receives: why (topic and subject ids), when, and the session as fetched for it. */
export interface SessionEvent {
  readonly sessionId: string;
  /** A notification topic (lower case, open set), or "snapshot" for the first event. */
  readonly topic: string;
  /** When the gateway received the notification (for a snapshot or a poll: when it read the session). */
  readonly receivedAt: string;
  readonly resourceId?: string;
  readonly taskId?: string;
  readonly checkId?: string;
  readonly fetched: FetchedSession;
}

/** Topic of the first event of every subscription: the state when it started. */
export const SNAPSHOT_TOPIC = "snapshot";
