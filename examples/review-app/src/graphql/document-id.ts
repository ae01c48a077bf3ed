import type { DocumentNode } from "graphql";

/**
 * A typed document's persisted id, `sha256:<hex>`, as the client preset put it on `__meta__.hash`
 * (the key of the same document in persisted-documents.json). Never computed from the text here:
 * a document without an id was not generated, and the gateway would not know it anyway.
 */
export function documentIdOf(document: DocumentNode): string {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== "string" || !hash.startsWith("sha256:")) {
    throw new Error("This document has no persisted id: run `npm run codegen` and import it from src/documents.");
  }
  return hash;
}

/** The bare hex of a document's id, as `extensions.persistedQuery.sha256Hash` wants it. */
export function documentHexOf(document: DocumentNode): string {
  return documentIdOf(document).slice("sha256:".length);
}
