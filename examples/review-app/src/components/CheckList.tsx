import type { ReviewCheckFragment } from "../gql/graphql";
import { RecommendationBadge } from "./Badges";

/** Each check: type, state, recommendation (value, reason, recovery suggestion) and its breakdown. */
export function CheckList({ checks }: { checks: readonly ReviewCheckFragment[] }) {
  if (checks.length === 0) return <p className="muted">No checks yet.</p>;
  return (
    <ol className="checks">
      {checks.map((check, i) => {
        const recommendation = check.report?.recommendation;
        return (
          <li key={check.id ?? i} className="check" data-type={check.type ?? ""} data-state={check.state ?? ""} data-recommendation={recommendation?.value ?? ""}>
            <div className="check-head">
              <strong>{check.type ?? "Unknown check"}</strong>
              <span className="muted">{check.state}</span>
              <RecommendationBadge value={recommendation?.value} />
              {recommendation?.reason && <span className="reason">reason: {recommendation.reason}</span>}
              {recommendation?.recoverySuggestion && <span className="muted">suggestion: {recommendation.recoverySuggestion}</span>}
            </div>
            {(check.report?.breakdown?.length ?? 0) > 0 && (
              <table className="breakdown">
                <tbody>
                  {check.report!.breakdown!.map((b, j) => (
                    <tr key={j} data-result={b.result ?? ""}>
                      <td>{b.subCheck}</td>
                      <td className="result">{b.result}</td>
                      <td className="muted">{(b.details ?? []).map((d) => `${d.name}: ${d.value}`).join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        );
      })}
    </ol>
  );
}
