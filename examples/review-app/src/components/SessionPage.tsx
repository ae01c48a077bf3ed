import { useQuery } from "urql";
import { SessionProgressDocument } from "../documents/session-progress";
import { SessionReviewDocument } from "../documents/session-review";
import { useSessionUpdates } from "../live/use-session-updates";
import { fieldErrors } from "../review/field-errors";
import { mediaItems } from "../review/media-items";
import { verdictOf } from "../review/verdict";
import { hrefOf } from "../routes";
import type { Settings } from "../settings/settings";
import { StateBadge, VerdictBadge } from "./Badges";
import { CheckList } from "./CheckList";
import { DocumentValues } from "./DocumentValues";
import { ErrorNote } from "./ErrorNote";
import { LivePanel } from "./LivePanel";
import { Link } from "./Link";
import { MediaGallery } from "./MediaGallery";
import { ProgressPanel } from "./ProgressPanel";

/**
 * One session for review: verdict and reasons, checks, document values and images, progress. While
 * the session is ONGOING it follows `sessionUpdated`, showing each event's session as it comes
 * (and re-reading the progress, which subscriptions cannot select).
 */
export function SessionPage({ id, ids, settings, navigate }: { id: string; ids: readonly string[]; settings: Settings; navigate: (href: string) => void }) {
  const [review] = useQuery({ query: SessionReviewDocument, variables: { id } });
  const [progressRead, readProgress] = useQuery({ query: SessionProgressDocument, variables: { id }, pause: true });
  const initial = review.data?.session;
  const updates = useSessionUpdates(settings, id, initial?.state === "ONGOING", () => readProgress({ requestPolicy: "network-only" }));
  const live = updates.latest?.session;
  const session = live ?? initial;
  const errors = live ? fieldErrors(updates.latestErrors) : fieldErrors(review.error?.graphQLErrors);
  const resourcesPath = live ? ["sessionUpdated", "session", "resources"] : ["session", "resources"];
  const progress = progressRead.data?.session?.progress ?? initial?.progress;
  const back = <Link href={hrefOf({ page: "list", ids })} navigate={navigate}>← Sessions</Link>;

  if (review.fetching && !session) return <main>{back}<p className="muted">Loading…</p></main>;
  if (!session) return <main>{back}<h1><code>{id}</code></h1>{review.error ? <ErrorNote error={review.error} /> : <p>No such session.</p>}</main>;

  const verdict = verdictOf(session.state, session.checks);
  return (
    <main className="session" data-session={session.id}>
      {back}
      <h1>
        Session <code>{session.id}</code>
      </h1>
      <section className="summary">
        <p>
          State: <span id="session-state"><StateBadge state={session.state} /></span> · Verdict: <span id="verdict"><VerdictBadge verdict={verdict} /></span>
        </p>
        {verdict.reasons.length > 0 && (
          <div className="reasons">
            <h2>Reasons</h2>
            <ul id="verdict-reasons">
              {verdict.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        )}
      </section>
      {(initial?.state === "ONGOING" || updates.status !== "off") && <LivePanel updates={updates} />}
      <section>
        <h2>Requested checks progress</h2>
        <ProgressPanel progress={progress} unavailable={errors.codeAt(["session", "progress"]) ? `Progress unavailable (${errors.codeAt(["session", "progress"])})` : undefined} />
      </section>
      <section>
        <h2>Checks</h2>
        <CheckList checks={session.checks} />
      </section>
      <section>
        <h2>Document values</h2>
        <DocumentValues documents={session.resources?.idDocuments} errors={errors} basePath={resourcesPath} />
      </section>
      <section>
        <h2>Images</h2>
        <MediaGallery items={mediaItems(session.resources)} />
      </section>
    </main>
  );
}
