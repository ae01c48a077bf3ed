import { graphql } from "../gql";

/** The session page's live feed: the current state first, then one event per change until the session ends. */
export const SessionLiveDocument = graphql(`
  subscription SessionLive($id: ID!) {
    sessionUpdated(id: $id) {
      topic
      receivedAt
      checkId
      session {
        id
        state
        biometricConsent
        checks {
          ...ReviewCheck
        }
        resources {
          ...ReviewResources
        }
      }
    }
  }
`);
