// The GraphQL documents the soak sends, modelled on test/operations/*.graphql (kept here so the soak
// does not depend on test files another engineer may be changing).

/** One session with document values (pii:read): names, dates of birth, document numbers pass through. */
export const DOCUMENT_VALUES = `query SoakDocumentValues($id: ID!) {
  session(id: $id) {
    id state clientSessionToken
    checks { id type state report { recommendation { value } } }
    resources {
      idDocuments {
        id documentType issuingCountry
        documentFields { media { id } values { fullName givenNames familyName dateOfBirth documentNumber nationality
          structuredPostalAddress { formattedAddress postalCode } mrz { line1 line2 } } }
      }
      supplementaryDocuments { id documentFields { values { fullName structuredPostalAddress { formattedAddress } } } }
    }
  }
}`;

/** Several sessions at once. */
export const SEVERAL = `query SoakSeveral($ids: [ID!]!) {
  sessions(ids: $ids) { id state checks { id type state } resources { idDocuments { id documentType } livenessCapture { id } } }
}`;

/** Media links (media:read), then downloaded. */
export const MEDIA_URLS = `fragment SoakUrl on Media { id type url }
query SoakMediaUrls($id: ID!) {
  session(id: $id) {
    id
    resources {
      idDocuments {
        pages { media { ...SoakUrl } frames { media { ...SoakUrl } } }
        documentFields { media { ...SoakUrl } }
        documentIdPhoto { media { ...SoakUrl } }
      }
      supplementaryDocuments { pages { media { ...SoakUrl } } file { media { ...SoakUrl } } }
      livenessCapture { ... on StaticLivenessCapture { image { media { ...SoakUrl } } } ... on ZoomLivenessCapture { frames { media { ...SoakUrl } } } }
      faceCapture { image { media { ...SoakUrl } } }
    }
  }
}`;

/** The subscription every subscriber holds: enough of the session to tell whether an event shows a change. */
export const LIVE = `subscription SoakLive($id: ID!) {
  sessionUpdated(id: $id) {
    topic receivedAt resourceId taskId checkId
    session { id state checks { id state } resources { idDocuments { id tasks { id state } } livenessCapture { id } } }
  }
}`;

/** The `sessionUpdated` payload as LIVE selects it. */
export interface LivePayload {
  topic: string;
  resourceId?: string | null;
  taskId?: string | null;
  checkId?: string | null;
  session: {
    id: string;
    state?: string | null;
    checks?: { id?: string | null; state?: string | null }[] | null;
    resources?: { idDocuments?: { id?: string | null; tasks?: { id?: string | null; state?: string | null }[] | null }[] | null; livenessCapture?: { id?: string | null }[] | null } | null;
  } | null;
}

/** A GraphQL POST body. */
export function gql(query: string, variables: Record<string, unknown> = {}, operationName?: string): string {
  return JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) });
}
