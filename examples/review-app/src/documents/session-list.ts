import { graphql } from "../gql";

/** Several sessions at once, with what the list's state and verdict columns need. */
export const SessionListDocument = graphql(`
  query SessionList($ids: [ID!]!) {
    sessions(ids: $ids) {
      id
      state
      checks {
        id
        type
        state
        report {
          recommendation {
            value
            reason
          }
        }
      }
    }
  }
`);
