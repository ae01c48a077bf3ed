import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { DEMO_SESSION_IDS } from "../demo-sessions";
import { SessionListDocument } from "../documents/session-list";
import { fieldErrors } from "../review/field-errors";
import { verdictOf } from "../review/verdict";
import { hrefOf, parseIds } from "../routes";
import { StateBadge, VerdictBadge } from "./Badges";
import { ErrorNote } from "./ErrorNote";
import { Link } from "./Link";

/** The sessions of `?ids=`, each with its state and verdict; a textarea changes the ids. */
export function SessionListPage({ ids, navigate }: { ids: readonly string[]; navigate: (href: string) => void }) {
  const [text, setText] = useState(ids.join("\n"));
  const [result] = useQuery({ query: SessionListDocument, variables: { ids: [...ids] }, pause: ids.length === 0 });
  const errors = fieldErrors(result.error?.graphQLErrors);
  const show = (next: readonly string[]) => navigate(hrefOf({ page: "list", ids: next }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    show(parseIds(text));
  };
  const sessions = result.data?.sessions;
  return (
    <main>
      <h1>Sessions</h1>
      <form className="ids" onSubmit={submit}>
        <textarea aria-label="Session ids" value={text} onChange={(e) => setText(e.target.value)} rows={4} placeholder="Session ids, one per line or comma-separated" />
        <div>
          <button type="submit">Show</button>
          <button type="button" onClick={() => (setText(DEMO_SESSION_IDS.join("\n")), show(DEMO_SESSION_IDS))}>
            Emulator demo sessions
          </button>
        </div>
      </form>
      {ids.length === 0 && <p className="muted">Enter session ids, or open the page as <code>?ids=a,b,c</code>.</p>}
      {result.fetching && <p className="muted">Loading…</p>}
      {result.error && !sessions && <ErrorNote error={result.error} />}
      {sessions && (
        <table className="sessions">
          <thead>
            <tr>
              <th>Session</th>
              <th>State</th>
              <th>Verdict</th>
              <th>Checks</th>
            </tr>
          </thead>
          <tbody>
            {ids.map((id, i) => {
              const session = sessions[i];
              if (!session) {
                return (
                  <tr key={id} data-session={id} data-verdict="ERROR">
                    <td><code>{id}</code></td>
                    <td colSpan={3} className="error">{errors.codeAt(["sessions", i]) ?? "not returned"}</td>
                  </tr>
                );
              }
              const verdict = verdictOf(session.state, session.checks);
              return (
                <tr key={id} data-session={id} data-state={session.state ?? ""} data-verdict={verdict.kind}>
                  <td>
                    <Link href={hrefOf({ page: "session", id: session.id, ids })} navigate={navigate}>
                      <code>{session.id}</code>
                    </Link>
                  </td>
                  <td><StateBadge state={session.state} /></td>
                  <td>
                    <VerdictBadge verdict={verdict} />
                    {verdict.reasons.length > 0 && <div className="reasons-inline">{verdict.reasons.join("; ")}</div>}
                  </td>
                  <td>{session.checks.filter((c) => c.state === "DONE").length} of {session.checks.length} done</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}
