import type { ReviewProgressFragment } from "../gql/graphql";

/** Requested checks against those present (and required resources against those captured), as the gateway derives them. */
export function ProgressPanel({ progress, unavailable }: { progress: ReviewProgressFragment | null | undefined; unavailable?: string }) {
  if (!progress) return <p className="muted">{unavailable ?? "No progress available."}</p>;
  return (
    <div className="progress">
      <p>
        <strong data-testid="checks-done">
          {progress.requestedChecksDone} of {progress.requestedChecks}
        </strong>{" "}
        requested checks done · {progress.requiredResourcesCaptured} of {progress.requiredResources} required resources captured
      </p>
      <ul>
        {progress.checks.map((c) => (
          <li key={c.type} data-type={c.type} data-done={String(c.done)}>
            {c.done ? "✔" : c.present ? "…" : "○"} {c.type} <span className="muted">{c.present ? c.states.join(", ") : "not started"}</span>
          </li>
        ))}
        {progress.resources.map((r, i) => (
          <li key={r.id ?? i} data-resource={r.type ?? ""}>
            {r.captured ? "✔" : r.captured === false ? "○" : "?"} {r.type}
            {r.objective ? ` (${r.objective})` : ""} <span className="muted">{r.captured ? "captured" : r.captured === false ? "missing" : "cannot tell"}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
