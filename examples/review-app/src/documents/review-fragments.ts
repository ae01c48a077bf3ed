import { graphql } from "../gql";

// What a reviewer reads of a check and of the captured resources; shared by the page's query and its live subscription.
graphql(`
  fragment ReviewCheck on Check {
    id
    type
    state
    lastUpdated
    report {
      recommendation {
        value
        reason
        recoverySuggestion
      }
      breakdown {
        subCheck
        result
        process
        details {
          name
          value
        }
      }
    }
  }
`);

graphql(`
  fragment ReviewMedia on Media {
    id
    url
  }
`);

graphql(`
  fragment ReviewResources on SessionResources {
    idDocuments {
      id
      documentType
      issuingCountry
      documentFields {
        values {
          fullName
          givenNames
          familyName
          dateOfBirth
          gender
          nationality
          placeOfBirth
          documentNumber
          dateOfIssue
          expirationDate
          issuingAuthority
          structuredPostalAddress {
            formattedAddress
          }
        }
      }
      documentIdPhoto {
        media {
          ...ReviewMedia
        }
      }
      pages {
        captureMethod
        media {
          ...ReviewMedia
        }
      }
    }
    supplementaryDocuments {
      id
      documentType
      issuingCountry
      pages {
        media {
          ...ReviewMedia
        }
      }
    }
    faceCapture {
      id
      image {
        media {
          ...ReviewMedia
        }
      }
    }
    livenessCapture {
      __typename
      id
      livenessType
      ... on StaticLivenessCapture {
        image {
          media {
            ...ReviewMedia
          }
        }
      }
      ... on ZoomLivenessCapture {
        frames {
          media {
            ...ReviewMedia
          }
        }
      }
    }
  }
`);
