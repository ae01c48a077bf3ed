import type { WireMedia } from "./media.js";

/** `failure_reason.requirements_not_met_details[]`. */
export interface WireRequirementNotMetDetail {
  failure_type?: string;
  document_type?: string;
  document_country_iso_code?: string;
  audit_id?: string;
  details?: string;
}

/** `identity_profile.failure_reason`. */
export interface WireFailureReason {
  reason_code?: string;
  requirements_not_met_details?: WireRequirementNotMetDetail[] | null;
}

/** A scheme's compliance; advanced schemes carry `label`. */
export interface WireSchemeCompliance {
  scheme?: { type?: string; objective?: string; label?: string } | null;
  requirements_met?: boolean;
  requirements_not_met_info?: string;
}

/** `identity_profile.identity_profile_report`. */
export interface WireIdentityProfileReport {
  trust_framework?: string;
  schemes_compliance?: WireSchemeCompliance[] | null;
  media?: WireMedia | null;
}

/** `advanced_identity_profile.identity_profile_report`. */
export interface WireAdvancedIdentityProfileReport {
  compliance?: { trust_framework?: string; schemes_compliance?: WireSchemeCompliance[] | null }[] | null;
  media?: WireMedia | null;
}

/** `identity_profile` (api doc §4.8). */
export interface WireIdentityProfile {
  subject_id?: string;
  result?: string;
  failure_reason?: WireFailureReason | null;
  identity_profile_report?: WireIdentityProfileReport | null;
}

/** `advanced_identity_profile`. */
export interface WireAdvancedIdentityProfile {
  subject_id?: string;
  result?: string;
  failure_reason?: WireFailureReason | null;
  identity_profile_report?: WireAdvancedIdentityProfileReport | null;
}
