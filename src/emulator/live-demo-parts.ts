import { derivedUuid } from "./derived-ids.js";

/** The ids inside one played session, derived from its session id (derived-ids.ts). */
export interface LiveIds {
  session: string;
  clientSessionToken: string;
  idDocument: string;
  liveness: string;
  textExtraction: string;
  checks: Record<LiveCheckType, string>;
}

/** The checks a played session runs, in the order they reach DONE. */
export const LIVE_CHECK_TYPES = ["ID_DOCUMENT_AUTHENTICITY", "ID_DOCUMENT_TEXT_DATA_CHECK", "LIVENESS", "ID_DOCUMENT_FACE_MATCH"] as const;
export type LiveCheckType = (typeof LIVE_CHECK_TYPES)[number];

// Bundled manifest media (data/media/index.json) that the approved demo also shows: real files, so a browser
// renders the images and the document fields are Jane Specimen's passport, matching the passport pictures.
const MEDIA = {
  dataPage: "50c9a97a-d76e-4ce3-a98c-36d2aa34eb08", // passport-data-page.jpg
  frames: ["7e5b9c80-4907-4dd9-95e3-4f25c1c96270", "168bcd65-f3b8-4e06-a736-2a136194ddfc"], // document-frame.jpg
  idPhoto: "2b004ae8-d342-405b-a486-38a911295c55", // document-id-photo.jpg
  documentFields: "924e03bd-f373-437e-b008-f561cb24d877", // document-fields-jane-specimen-passport.json
  selfie: "48b0ad5a-626d-4f4d-9bfe-60bf65914cbc", // selfie.png
};

/** Every id of the played session `sessionId`. */
export function liveIds(sessionId: string): LiveIds {
  const id = (label: string) => derivedUuid(sessionId, label);
  return {
    session: sessionId,
    clientSessionToken: id("client-session-token"),
    idDocument: id("id-document"),
    liveness: id("liveness"),
    textExtraction: id("text-extraction"),
    checks: Object.fromEntries(LIVE_CHECK_TYPES.map((t) => [t, id(t)])) as Record<LiveCheckType, string>,
  };
}

function media(id: string, type: string, at: string) {
  return { id, type, created: at, last_updated: at };
}

/** The passport resource: captured at `capturedAt`; `extractedAt` adds the text-extraction results. */
export function idDocumentResource(ids: LiveIds, capturedAt: string, extractedAt?: string) {
  return {
    id: ids.idDocument,
    source: { type: "END_USER" },
    created_at: capturedAt,
    last_updated: extractedAt ?? capturedAt,
    tasks: [textExtractionTask(ids, capturedAt, extractedAt)],
    document_type: "PASSPORT",
    issuing_country: "GBR",
    pages: [
      {
        capture_method: "CAMERA",
        media: media(MEDIA.dataPage, "IMAGE", capturedAt),
        frames: MEDIA.frames.map((id) => ({ media: media(id, "IMAGE", capturedAt) })),
        extraction_image_ids: [MEDIA.dataPage],
      },
    ],
    document_id_photo: { media: media(MEDIA.idPhoto, "IMAGE", capturedAt) },
    ...(extractedAt ? { document_fields: { media: media(MEDIA.documentFields, "JSON", extractedAt) } } : {}),
  };
}

function textExtractionTask(ids: LiveIds, createdAt: string, doneAt?: string) {
  return {
    type: "ID_DOCUMENT_TEXT_DATA_EXTRACTION",
    id: ids.textExtraction,
    state: doneAt ? "DONE" : "PENDING",
    created: createdAt,
    last_updated: doneAt ?? createdAt,
    generated_checks: doneAt ? [{ id: ids.checks.ID_DOCUMENT_TEXT_DATA_CHECK, type: "ID_DOCUMENT_TEXT_DATA_CHECK" }] : [],
    generated_media: doneAt ? [{ id: MEDIA.documentFields, type: "JSON" }] : [],
  };
}

/** The selfie: a STATIC liveness capture made at `at`. */
export function livenessResource(ids: LiveIds, at: string) {
  return {
    id: ids.liveness,
    source: { type: "END_USER" },
    created_at: at,
    last_updated: at,
    tasks: [],
    liveness_type: "STATIC",
    capture_type: "ACTIVE",
    image: { media: media(MEDIA.selfie, "IMAGE", at) },
  };
}

type SubCheck = [name: string, details?: Record<string, string>];

// What each check looked at and what its (passing) report says.
const CHECK_SPECS: Record<LiveCheckType, { uses: ("idDocument" | "liveness")[]; subChecks: SubCheck[] }> = {
  ID_DOCUMENT_AUTHENTICITY: {
    uses: ["idDocument"],
    subChecks: [["data_in_correct_position"], ["document_in_date"], ["expected_data_present"], ["fraud_list_check"],
      ["hologram"], ["no_sign_of_tampering"], ["physical_document_captured"], ["doc_number_validation", { checksum: "VALID" }]],
  },
  ID_DOCUMENT_TEXT_DATA_CHECK: { uses: ["idDocument"], subChecks: [["text_data_readable"], ["mrz_validation"]] },
  LIVENESS: {
    uses: ["liveness"],
    subChecks: [["liveness_auth", { confidence_score: "0.99" }], ["face_processing"], ["payload_signature_verification"]],
  },
  ID_DOCUMENT_FACE_MATCH: { uses: ["idDocument", "liveness"], subChecks: [["ai_face_match", { confidence_score: "0.97" }]] },
};

/** One check in `state`; a DONE check carries its APPROVE report (and the text check its document fields). */
export function check(ids: LiveIds, type: LiveCheckType, state: string, createdAt: string, updatedAt: string) {
  const spec = CHECK_SPECS[type];
  const done = state === "DONE";
  const report = {
    recommendation: { value: "APPROVE" },
    breakdown: spec.subChecks.map(([sub_check, details = {}]) => ({
      sub_check,
      result: "PASS",
      process: "AUTOMATED",
      details: Object.entries(details).map(([name, value]) => ({ name, value })),
    })),
  };
  return {
    type,
    id: ids.checks[type],
    state,
    resources_used: spec.uses.map((r) => ids[r]),
    generated_media: done && type === "ID_DOCUMENT_TEXT_DATA_CHECK" ? [{ id: MEDIA.documentFields, type: "JSON" }] : [],
    ...(done ? { report } : {}),
    created: createdAt,
    last_updated: updatedAt,
  };
}

/** What a played session is configured to require from its start: the four checks, the passport and the STATIC selfie. */
export function liveReadPlan(ids: LiveIds) {
  return {
    requested_checks: [...LIVE_CHECK_TYPES],
    required_resources: [
      {
        type: "ID_DOCUMENT",
        id: derivedUuid(ids.session, "required:id-document"),
        state: "REQUIRED",
        allowed_sources: [{ type: "END_USER" }],
        requested_tasks: [{ type: "ID_DOCUMENT_TEXT_DATA_EXTRACTION", state: "REQUIRED" }],
        allowed_capture_methods: "CAMERA_AND_UPLOAD",
        attempts_remaining: { GENERIC: 3, RECLASSIFICATION: 2 },
        supported_countries: [{ code: "GBR", supported_documents: [{ type: "PASSPORT" }] }],
      },
      { type: "LIVENESS", id: derivedUuid(ids.session, "required:liveness"), state: "REQUIRED", allowed_sources: [{ type: "END_USER" }], liveness_type: "STATIC" },
    ],
  };
}
