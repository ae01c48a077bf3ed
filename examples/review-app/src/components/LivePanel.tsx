import type { SessionUpdates } from "../live/use-session-updates";

const LABELS = { off: "not live", connecting: "connecting…", live: "live", ended: "stream ended", error: "stream failed" } as const;

/** The live stream's status and its events, newest first. */
export function LivePanel({ updates }: { updates: SessionUpdates }) {
  return (
    <section className="live" data-status={updates.status}>
      <h2>
        Live updates: <span id="live-status">{LABELS[updates.status]}</span>
      </h2>
      {updates.error && <p className="error">{updates.error}</p>}
      <ol className="events">
        {updates.events.map((e, i) => (
          <li key={updates.events.length - i}>
            <code>{e.receivedAt}</code> {e.topic}
          </li>
        ))}
      </ol>
    </section>
  );
}
