import type { WireGeneratedMedia, WireMediaHolder } from "./media.js";
import type { WireReport } from "./report.js";

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
