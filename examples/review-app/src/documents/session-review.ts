import { graphql } from "../gql";

/** Everything the session page shows: verdict inputs, checks, document values and images, progress. */
export const SessionReviewDocument = graphql(`
  query SessionReview($id: ID!) {
    session(id: $id) {
      id
      state
      biometricConsent
      checks {
        ...ReviewCheck
      }
      resources {
        ...ReviewResources
      }
      progress {
        ...ReviewProgress
      }
    }
  }
`);
