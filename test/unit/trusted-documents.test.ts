import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTrustedDocuments } from "../../src/server/graphql/trusted-documents.js";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const LISTED = "subscription Updated($id: ID!) { sessionUpdated(id: $id) { id state } }";
const trusted = createTrustedDocuments(new Map([[sha(LISTED), LISTED]]));

describe("trustedDocuments.resolve (the rule every transport applies, e.g. a WebSocket subscribe payload)", () => {
  it("gives the listed text for its exact text, its documentId (either spelling) or its APQ hash", () => {
    const ok = { ok: true, query: LISTED };
    expect(trusted.resolve({ query: LISTED })).toEqual(ok);
    expect(trusted.resolve({ documentId: `sha256:${sha(LISTED)}` })).toEqual(ok);
    expect(trusted.resolve({ documentId: sha(LISTED).toUpperCase() })).toEqual(ok);
    expect(trusted.resolve({ extensions: { persistedQuery: { version: 1, sha256Hash: sha(LISTED) } } })).toEqual(ok);
    expect(trusted.resolve({ query: LISTED, documentId: `sha256:${sha(LISTED)}`, extensions: { other: true } })).toEqual(ok);
  });

  it("refuses with a code, an HTTP status and a fixed message", () => {
    const other = "subscription { sessionUpdated(id: \"x\") { id } }";
    expect(trusted.resolve({ query: other })).toMatchObject({ ok: false, code: "PERSISTED_QUERY_NOT_IN_LIST", status: 403 });
    expect(trusted.resolve({ documentId: sha(other) })).toMatchObject({ ok: false, code: "PERSISTED_QUERY_NOT_FOUND", status: 400 });
    expect(trusted.resolve({})).toMatchObject({ ok: false, code: "BAD_USER_INPUT", status: 400 });
    expect(trusted.resolve({ query: 42 })).toMatchObject({ ok: false, code: "BAD_USER_INPUT" });
    expect(trusted.resolve({ extensions: [] })).toMatchObject({ ok: false, code: "BAD_USER_INPUT" });
    expect(trusted.resolve({ query: LISTED, documentId: sha(other) })).toMatchObject({ ok: false, code: "BAD_USER_INPUT" });
    for (const result of [trusted.resolve({ query: other }), trusted.resolve({ query: `${other} # ${"secret"}` })]) {
      expect(result.ok || result.message).not.toContain("sessionUpdated");
    }
  });
});
