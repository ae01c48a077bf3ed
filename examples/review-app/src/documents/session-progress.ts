import { graphql } from "../gql";

// Progress is derived from the session's configuration, which subscriptions cannot select: the
// live page re-reads just this after each event (no media, no document values).
graphql(`
  fragment ReviewProgress on SessionProgress {
    requestedChecks
    requestedChecksDone
    checks {
      type
      present
      done
      states
    }
    requiredResources
    requiredResourcesCaptured
    resources {
      id
      type
      objective
      captured
    }
  }
`);

/** A session's requested-checks progress alone. */
export const SessionProgressDocument = graphql(`
  query SessionProgress($id: ID!) {
    session(id: $id) {
      id
      progress {
        ...ReviewProgress
      }
    }
  }
`);
