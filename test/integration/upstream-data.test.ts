import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode, messageFor } from "../../src/errors/error-codes.js";
import { startStack, type Stack } from "../support/stack.js";

// Hostile or malformed upstream data is Yoti's fault, never a gateway bug: an odd type name picks
// the Generic type, and a value of the wrong JSON type nulls that one field with UPSTREAM_BAD_RESPONSE.

interface Response {
  status: number;
  data?: { session: Record<string, any> | null } | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

/** Serves `body` under a fresh id and asks for it with `selection`, over HTTP. */
async function ask(body: Record<string, unknown>, selection: string): Promise<Response & { id: string }> {
  const id = randomUUID();
  stack.emulator.addSession(id, { session_id: id, ...body });
  const query = `query($id: ID!) { session(id: $id) { ${selection} } }`;
  const { status, json } = await stack.post(JSON.stringify({ query, variables: { id } }));
  return { id, status, ...(json as object) };
}

/** Each error as [path, code]. */
function located(res: Response): [(string | number)[] | undefined, string | undefined][] {
  return (res.errors ?? []).map((e) => [e.path, e.extensions?.code]);
}

/** Every error is UPSTREAM_BAD_RESPONSE with the fixed message, and none of `secrets` appears in the errors. */
function expectOnlyBadResponses(res: Response, secrets: string[]): void {
  expect(res.status).toBe(200);
  for (const error of res.errors ?? []) {
    expect(error.extensions?.code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
    expect(error.message).toBe(messageFor(ErrorCode.UPSTREAM_BAD_RESPONSE));
  }
  const text = JSON.stringify(res.errors);
  expect(text).not.toContain(ErrorCode.INTERNAL_SERVER_ERROR);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

const HOSTILE = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

describe("type names from upstream", () => {
  it("prototype names and missing types are Generic types; the session resolves with no error", async () => {
    const res = await ask(
      {
        checks: [
          ...HOSTILE.map((type, i) => ({ type, id: `c${i}`, state: "DONE", resources_used: [`l${i}`] })),
          { id: "c-none", state: "DONE" },
          { type: "LIVENESS", id: "c-known" },
        ],
        resources: {
          id_documents: [{ id: "d1", tasks: [...HOSTILE.map((type, i) => ({ type, id: `t${i}` })), { id: "t-none" }, { type: "VERIFY_SHARE_CODE_TASK", id: "t-known" }] }],
          liveness_capture: [...HOSTILE.map((liveness_type, i) => ({ id: `l${i}`, liveness_type })), { id: "l-none" }, { id: "l-known", liveness_type: "ZOOM" }],
        },
      },
      `id state
       checks { __typename id type resources { __typename id } }
       resources {
         idDocuments { tasks { __typename id type } }
         livenessCapture { __typename id livenessType }
       }`,
    );
    expect(res.errors).toBeUndefined();
    const session = res.data!.session!;
    expect(session.id).toBe(res.id);
    expect(session.checks).toEqual([
      ...HOSTILE.map((type, i) => ({
        __typename: "GenericCheck",
        id: `c${i}`,
        type,
        // Check.resources resolves through the Resource interface, which dispatches on liveness_type too.
        resources: [{ __typename: "GenericLivenessCapture", id: `l${i}` }],
      })),
      { __typename: "GenericCheck", id: "c-none", type: null, resources: [] },
      { __typename: "LivenessCheck", id: "c-known", type: "LIVENESS", resources: [] },
    ]);
    expect(session.resources.idDocuments[0].tasks).toEqual([
      ...HOSTILE.map((type, i) => ({ __typename: "GenericTask", id: `t${i}`, type })),
      { __typename: "GenericTask", id: "t-none", type: null },
      { __typename: "VerifyShareCodeTask", id: "t-known", type: "VERIFY_SHARE_CODE_TASK" },
    ]);
    expect(session.resources.livenessCapture).toEqual([
      ...HOSTILE.map((livenessType, i) => ({ __typename: "GenericLivenessCapture", id: `l${i}`, livenessType })),
      { __typename: "GenericLivenessCapture", id: "l-none", livenessType: null },
      { __typename: "ZoomLivenessCapture", id: "l-known", livenessType: "ZOOM" },
    ]);
  });

  it("a non-string type is a Generic type; a number reads as text, an object or array is a bad response on `type` alone", async () => {
    const res = await ask(
      {
        checks: [
          { type: 12, id: "c0" },
          { type: { name: "Alice Smith" }, id: "c1" },
          { type: ["LIVENESS"], id: "c2" },
        ],
        resources: {
          id_documents: [{ id: "d1", tasks: [{ type: ["VERIFY_SHARE_CODE_TASK"], id: "t0" }, { type: true, id: "t1" }] }],
          liveness_capture: [{ id: "l0", liveness_type: ["ZOOM"] }, { id: "l1", liveness_type: 7 }],
        },
      },
      `checks { __typename id type }
       resources { idDocuments { tasks { __typename id type } } livenessCapture { __typename id livenessType } }`,
    );
    expectOnlyBadResponses(res, ["Alice"]);
    expect(located(res)).toEqual(
      expect.arrayContaining([
        [["session", "checks", 1, "type"], ErrorCode.UPSTREAM_BAD_RESPONSE],
        [["session", "checks", 2, "type"], ErrorCode.UPSTREAM_BAD_RESPONSE],
        [["session", "resources", "idDocuments", 0, "tasks", 0, "type"], ErrorCode.UPSTREAM_BAD_RESPONSE],
        [["session", "resources", "livenessCapture", 0, "livenessType"], ErrorCode.UPSTREAM_BAD_RESPONSE],
      ]),
    );
    expect(res.errors).toHaveLength(4);
    const session = res.data!.session!;
    expect(session.checks).toEqual([
      { __typename: "GenericCheck", id: "c0", type: "12" },
      { __typename: "GenericCheck", id: "c1", type: null },
      { __typename: "GenericCheck", id: "c2", type: null },
    ]);
    expect(session.resources.idDocuments[0].tasks).toEqual([
      { __typename: "GenericTask", id: "t0", type: null },
      { __typename: "GenericTask", id: "t1", type: "true" },
    ]);
    expect(session.resources.livenessCapture).toEqual([
      { __typename: "GenericLivenessCapture", id: "l0", livenessType: null },
      { __typename: "GenericLivenessCapture", id: "l1", livenessType: "7" },
    ]);
  });
});

describe("malformed upstream dates", () => {
  it("null that one field with UPSTREAM_BAD_RESPONSE; the check's other fields and the other checks resolve", async () => {
    const res = await ask(
      {
        biometric_consent: "2021-02-29T10:00:00Z",
        checks: [
          { type: "LIVENESS", id: "c0", state: "DONE", created: "not a date", last_updated: "2022-01-14T14:54:36Z" },
          { type: "ID_DOCUMENT_AUTHENTICITY", id: "c1", state: "DONE", created: "2022-01-14T14:54:36.123456Z", last_updated: 12 },
          { type: "FACE_COMPARISON", id: "c2", created: {}, last_updated: "2022-02-30T10:00:00Z" },
          { type: "ID_DOCUMENT_FACE_MATCH", id: "c3", created: "2024-02-29T10:00:00+01:00", last_updated: "2022-01-01T24:00:00Z" },
        ],
        resources: { id_documents: [{ id: "d1", created_at: "2022-00-10T00:00:00Z", tasks: [{ type: "X", id: "t0", created: "2022-01-01T12:60:00Z" }] }] },
      },
      `biometricConsent
       checks { id state type created lastUpdated }
       resources { idDocuments { id createdAt tasks { id created } } }`,
    );
    expectOnlyBadResponses(res, ["not a date", "2022-02-30", "2021-02-29", "24:00", "12:60", "2022-00-10"]);
    expect(located(res)).toEqual(
      expect.arrayContaining([
        [["session", "biometricConsent"], ErrorCode.UPSTREAM_BAD_RESPONSE],
        [["session", "checks", 0, "created"], ErrorCode.UPSTREAM_BAD_RESPONSE],
        [["session", "checks", 1, "lastUpdated"], ErrorCode.UPSTREAM_BAD_RESPONSE],
        [["session", "checks", 2, "created"], ErrorCode.UPSTREAM_BAD_RESPONSE],
        [["session", "checks", 2, "lastUpdated"], ErrorCode.UPSTREAM_BAD_RESPONSE],
        [["session", "checks", 3, "lastUpdated"], ErrorCode.UPSTREAM_BAD_RESPONSE],
        [["session", "resources", "idDocuments", 0, "createdAt"], ErrorCode.UPSTREAM_BAD_RESPONSE],
        [["session", "resources", "idDocuments", 0, "tasks", 0, "created"], ErrorCode.UPSTREAM_BAD_RESPONSE],
      ]),
    );
    expect(res.errors).toHaveLength(8);
    const session = res.data!.session!;
    expect(session.biometricConsent).toBeNull();
    expect(session.checks).toEqual([
      { id: "c0", state: "DONE", type: "LIVENESS", created: null, lastUpdated: "2022-01-14T14:54:36Z" },
      { id: "c1", state: "DONE", type: "ID_DOCUMENT_AUTHENTICITY", created: "2022-01-14T14:54:36.123456Z", lastUpdated: null },
      { id: "c2", state: null, type: "FACE_COMPARISON", created: null, lastUpdated: null },
      { id: "c3", state: null, type: "ID_DOCUMENT_FACE_MATCH", created: "2024-02-29T09:00:00Z", lastUpdated: null },
    ]);
    expect(session.resources.idDocuments).toEqual([{ id: "d1", createdAt: null, tasks: [{ id: "t0", created: null }] }]);
    // One fetch: a bad field is not a reason to ask Yoti again.
    expect(stack.emulator.stats().sessionGets[res.id]).toBe(1);
  });
});

describe("wire scalars of the wrong JSON type", () => {
  it("null that one field with UPSTREAM_BAD_RESPONSE at its path; everything else resolves", async () => {
    const res = await ask(
      {
        state: "COMPLETED",
        user_tracking_id: { name: "Alice Smith" },
        client_session_token_ttl: 1.5,
        client_session_token: ["secret-token-value"],
        checks: [
          {
            type: "WATCHLIST_ADVANCED_CA",
            id: "c0",
            state: { text: "Alice Smith" },
            resources_used: "d1",
            report: {
              recommendation: { value: ["APPROVE"], reason: "OK" },
              breakdown: [{ sub_check: "x", result: "PASS", details: [{ name: "score", value: "0.97" }] }],
              watchlist_summary: {
                total_hits: "3",
                associated_country_codes: ["GBR", { country: "Alice" }],
                search_config: {
                  type: "WITH_CUSTOM_ACCOUNT",
                  remove_deceased: "yes",
                  matching_strategy: { type: "FUZZY", exact_match: false, fuzziness: "0.5" },
                  sources: "PROFILE",
                  tags: { team: "a", person: { name: "Alice" } },
                },
              },
            },
          },
          { type: "LIVENESS", id: { uuid: "Alice" }, state: "DONE", report: "PASS", generated_media: [{ id: "m1", type: "IMAGE" }, null] },
        ],
        resources: {
          id_documents: [{ id: "d1", document_type: "PASSPORT", issuing_country: ["GBR"], source: [], pages: [{ capture_method: "CAMERA", frames: [{}, null], extraction_image_ids: "img-1" }] }],
        },
      },
      `id state userTrackingId clientSessionTokenTtl clientSessionToken
       checks {
         id type state resourcesUsed resources { id }
         generatedMedia { id }
         report {
           recommendation { value reason }
           breakdown { subCheck details { name value } }
           watchlistSummary {
             totalHits associatedCountryCodes
             searchConfig { type removeDeceased matchingStrategy { type exactMatch fuzziness } sources { type } tags { key value } }
           }
         }
       }
       resources { idDocuments { id documentType issuingCountry source { type } pages { captureMethod frames { media { id } } extractionImageIds } } }`,
    );
    expectOnlyBadResponses(res, ["Alice", "secret-token-value", "APPROVE", "img-1", "0.5", "yes"]);
    const bad = (...path: (string | number)[]) => [["session", ...path], ErrorCode.UPSTREAM_BAD_RESPONSE];
    const expected = [
      bad("userTrackingId"),
      bad("clientSessionTokenTtl"),
      bad("clientSessionToken"),
      bad("checks", 0, "state"),
      bad("checks", 0, "resourcesUsed"),
      bad("checks", 0, "report", "recommendation", "value"),
      bad("checks", 0, "report", "watchlistSummary", "totalHits"),
      bad("checks", 0, "report", "watchlistSummary", "associatedCountryCodes"),
      bad("checks", 0, "report", "watchlistSummary", "searchConfig", "removeDeceased"),
      bad("checks", 0, "report", "watchlistSummary", "searchConfig", "matchingStrategy", "fuzziness"),
      bad("checks", 0, "report", "watchlistSummary", "searchConfig", "sources"),
      bad("checks", 0, "report", "watchlistSummary", "searchConfig", "tags"),
      bad("checks", 1, "id"),
      bad("checks", 1, "generatedMedia"),
      bad("checks", 1, "report"),
      bad("resources", "idDocuments", 0, "issuingCountry"),
      bad("resources", "idDocuments", 0, "source"),
      bad("resources", "idDocuments", 0, "pages", 0, "frames"),
      bad("resources", "idDocuments", 0, "pages", 0, "extractionImageIds"),
    ];
    expect(located(res)).toEqual(expect.arrayContaining(expected));
    expect(res.errors).toHaveLength(expected.length);

    const session = res.data!.session!;
    expect(session).toMatchObject({ id: res.id, state: "COMPLETED", userTrackingId: null, clientSessionTokenTtl: null, clientSessionToken: null });
    expect(session.checks[0]).toEqual({
      id: "c0",
      type: "WATCHLIST_ADVANCED_CA",
      state: null,
      resourcesUsed: null,
      resources: [],
      generatedMedia: null,
      report: {
        recommendation: { value: null, reason: "OK" },
        breakdown: [{ subCheck: "x", details: [{ name: "score", value: "0.97" }] }],
        watchlistSummary: {
          totalHits: null,
          associatedCountryCodes: null,
          searchConfig: {
            type: "WITH_CUSTOM_ACCOUNT",
            removeDeceased: null,
            matchingStrategy: { type: "FUZZY", exactMatch: false, fuzziness: null },
            sources: null,
            tags: null,
          },
        },
      },
    });
    expect(session.checks[1]).toEqual({ id: null, type: "LIVENESS", state: "DONE", resourcesUsed: null, resources: [], generatedMedia: null, report: null });
    expect(session.resources.idDocuments).toEqual([
      { id: "d1", documentType: "PASSPORT", issuingCountry: null, source: null, pages: [{ captureMethod: "CAMERA", frames: null, extractionImageIds: null }] },
    ]);
  });

  it("edges over malformed id lists find what they can; a non-string media id is refused before any media call or URL", async () => {
    const res = await ask(
      {
        checks: [
          { type: "LIVENESS", id: "c0", resources_used: ["d1", { id: "d1" }, 7] },
          { type: "LIVENESS", id: "c1", resources_used: { d1: true } },
        ],
        resources: {
          id_documents: [
            {
              id: "d1",
              tasks: [{ type: "X", id: "t0", generated_checks: [null, { id: { c: 1 } }, { id: "c1" }, "c0"] }, { type: "X", id: "t1", generated_checks: "c0" }],
              pages: [{ media: { id: { secret: "Alice" }, type: "IMAGE" } }],
              document_fields: { media: { id: ["Alice"], type: "JSON" } },
            },
          ],
        },
      },
      `checks { id resourcesUsed resources { id } }
       resources { idDocuments { tasks { id generatedChecks { id } checks { id } } pages { media { id type url } } documentFields { json } } }`,
    );
    expectOnlyBadResponses(res, ["Alice"]);
    const bad = (...path: (string | number)[]) => [["session", ...path], ErrorCode.UPSTREAM_BAD_RESPONSE];
    const expected = [
      bad("checks", 0, "resourcesUsed"),
      bad("checks", 1, "resourcesUsed"),
      bad("resources", "idDocuments", 0, "tasks", 0, "generatedChecks"),
      bad("resources", "idDocuments", 0, "tasks", 1, "generatedChecks"),
      bad("resources", "idDocuments", 0, "pages", 0, "media", "id"),
      bad("resources", "idDocuments", 0, "pages", 0, "media", "url"),
      bad("resources", "idDocuments", 0, "documentFields", "json"),
    ];
    expect(located(res)).toEqual(expect.arrayContaining(expected));
    expect(res.errors).toHaveLength(expected.length);
    const session = res.data!.session!;
    expect(session.checks).toEqual([
      { id: "c0", resourcesUsed: null, resources: [{ id: "d1" }] },
      { id: "c1", resourcesUsed: null, resources: [] },
    ]);
    expect(session.resources.idDocuments[0]).toEqual({
      tasks: [
        { id: "t0", generatedChecks: null, checks: [{ id: "c1" }] },
        { id: "t1", generatedChecks: null, checks: [] },
      ],
      pages: [{ media: { id: null, type: "IMAGE", url: null } }],
      documentFields: { json: null },
    });
    expect(stack.emulator.stats().mediaGets).toEqual({});
  });

  it("a malformed session_id falls back to the id asked for instead of nulling the session", async () => {
    const res = await ask({ session_id: { uuid: "x" }, state: "ONGOING" }, "id state");
    expect(res.errors).toBeUndefined();
    expect(res.data?.session).toEqual({ id: res.id, state: "ONGOING" });
  });
});
