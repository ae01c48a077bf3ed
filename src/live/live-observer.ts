/** Why the live layer read a session upstream. */
export type FetchCause = "snapshot" | "notification" | "poll" | "resync";

/** Hooks the server turns into metrics and logs; every argument is a label or a count, never an id. */
export interface LiveObserver {
  /** Subscriptions open on this replica now. */
  subscriptions?(active: number): void;
  /** One upstream session GET made for subscribers. */
  fetched?(cause: FetchCause): void;
  /** The cross-replica transport connected (true) or lost its connection (false). */
  transport?(connected: boolean): void;
}
