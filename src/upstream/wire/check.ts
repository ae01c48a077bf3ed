import type { WireGeneratedMedia, WireMediaHolder } from "./media.js";
import type { WireReport } from "./report.js";

/** The 11 check types of the Node SDK (api doc §4.5); any other string is served through GenericCheck. */
export const KNOWN_CHECK_TYPES = [
  "ID_DOCUMENT_AUTHENTICITY",
  "ID_DOCUMENT_TEXT_DATA_CHECK",
  "ID_DOCUMENT_FACE_MATCH",
  "LIVENESS",
  "ID_DOCUMENT_COMPARISON",
  "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK",
  "THIRD_PARTY_IDENTITY",
  "THIRD_PARTY_IDENTITY_FRAUD_1",
  "WATCHLIST_SCREENING",
  "WATCHLIST_ADVANCED_CA",
  "FACE_COMPARISON",
] as const;

/** One check of a session. `generated_profile` appears on profile checks (third party, fraud, watchlist). */
export interface WireCheck {
  type?: string;
  id?: string;
  state?: string;
  resources_used?: string[] | null;
  generated_media?: WireGeneratedMedia[] | null;
  report?: WireReport | null;
  created?: string;
  last_updated?: string;
  generated_profile?: WireMediaHolder | null;
  /** Java-only DOCUMENT_SCHEME_VALIDITY_CHECK field. */
  scheme?: string;
}
