import type { Verdict } from "../review/verdict";

/** A session's state (ONGOING, COMPLETED, EXPIRED, ...). */
export function StateBadge({ state }: { state: string | null | undefined }) {
  return (
    <span className="badge state" data-state={state ?? "UNKNOWN"}>
      {state ?? "unknown"}
    </span>
  );
}

/** The derived overall verdict. */
export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span className="badge verdict" data-verdict={verdict.kind}>
      {verdict.label}
    </span>
  );
}

/** A check's recommendation value (APPROVE, REJECT, CONSIDER, ...). */
export function RecommendationBadge({ value }: { value: string | null | undefined }) {
  return (
    <span className="badge recommendation" data-value={value ?? "NONE"}>
      {value ?? "no recommendation yet"}
    </span>
  );
}
