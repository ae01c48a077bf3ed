import type { WireCheck } from "./check.js";
import type { WireAdvancedIdentityProfile, WireIdentityProfile } from "./identity-profile.js";
import type { WireMediaHolder } from "./media.js";
import type { WireResources } from "./resources.js";

/** The body of `GET /sessions/{id}` (api doc §4.1). */
export interface WireSession {
  client_session_token_ttl?: number;
  session_id?: string;
  user_tracking_id?: string;
  state?: string;
  client_session_token?: string;
  biometric_consent?: string;
  checks?: WireCheck[] | null;
  resources?: WireResources | null;
  identity_profile?: WireIdentityProfile | null;
  advanced_identity_profile?: WireAdvancedIdentityProfile | null;
  identity_profile_preview?: WireMediaHolder | null;
  advanced_identity_profile_preview?: WireMediaHolder | null;
  import_token?: (WireMediaHolder & { failure_reason?: string }) | null;
}
