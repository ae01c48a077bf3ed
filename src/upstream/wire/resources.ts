import type { WireMedia, WireMediaHolder } from "./media.js";
import type { WireTask } from "./task.js";

/** Fields every resource shares (api doc §4.3); `source`, `created_at`, `last_updated` are dropped by Node but kept here. */
export interface WireResourceBase {
  id?: string;
  tasks?: WireTask[] | null;
  source?: { type?: string } | null;
  created_at?: string;
  last_updated?: string;
}

/** A page of a document. Frames may be `{}` or `{media: null}`. */
export interface WirePage {
  capture_method?: string;
  media?: WireMedia | null;
  frames?: WireMediaHolder[] | null;
  extraction_image_ids?: string[] | null;
}

/** `resources.id_documents[]`. */
export interface WireIdDocument extends WireResourceBase {
  document_type?: string;
  issuing_country?: string;
  pages?: WirePage[] | null;
  document_fields?: WireMediaHolder | null;
  document_id_photo?: WireMediaHolder | null;
  expanded_document_fields?: WireMediaHolder | null;
}

/** `resources.supplementary_documents[]`: PDFs arrive as `file`. */
export interface WireSupplementaryDocument extends WireResourceBase {
  document_type?: string;
  issuing_country?: string;
  pages?: WirePage[] | null;
  document_fields?: WireMediaHolder | null;
  file?: WireMediaHolder | null;
}

/** `resources.liveness_capture[]`, dispatched on `liveness_type` (ZOOM, STATIC, anything else). */
export interface WireLivenessCapture extends WireResourceBase {
  liveness_type?: string;
  /** ZOOM */
  facemap?: WireMediaHolder | null;
  /** ZOOM (and, per the docs' examples, sometimes STATIC) */
  frames?: WireMediaHolder[] | null;
  /** STATIC */
  image?: WireMediaHolder | null;
  /** STATIC (Java, Python) */
  capture_type?: string;
}

/** `resources.face_capture[]`. */
export interface WireFaceCapture extends WireResourceBase {
  image?: WireMediaHolder | null;
}

/** `resources.share_codes[]`. */
export interface WireShareCode extends WireResourceBase {
  lookup_profile?: WireMediaHolder | null;
  returned_profile?: WireMediaHolder | null;
  id_photo?: WireMediaHolder | null;
  file?: WireMediaHolder | null;
}

/** `resources.applicant_profiles[]` (Java only). */
export interface WireApplicantProfile extends WireResourceBase {
  media?: WireMedia | null;
}

/** `resources`: each list may be absent or null. */
export interface WireResources {
  id_documents?: WireIdDocument[] | null;
  supplementary_documents?: WireSupplementaryDocument[] | null;
  liveness_capture?: WireLivenessCapture[] | null;
  face_capture?: WireFaceCapture[] | null;
  share_codes?: WireShareCode[] | null;
  applicant_profiles?: WireApplicantProfile[] | null;
}

/** Any resource, as `Check.resources` returns them. */
export type WireResource =
  | WireIdDocument
  | WireSupplementaryDocument
  | WireLivenessCapture
  | WireFaceCapture
  | WireShareCode
  | WireApplicantProfile;

/** The resource lists by their wire key, in the order a session lists them. */
export const RESOURCE_LIST_KEYS = [
  "id_documents",
  "supplementary_documents",
  "liveness_capture",
  "face_capture",
  "share_codes",
  "applicant_profiles",
] as const satisfies readonly (keyof WireResources)[];

/** Every resource of a session, in the session's own order. */
export function allResources(session: { readonly resources?: WireResources | null }): WireResource[] {
  const resources = session.resources;
  if (!resources) return [];
  return RESOURCE_LIST_KEYS.flatMap((key) => (resources[key] ?? []) as WireResource[]);
}
