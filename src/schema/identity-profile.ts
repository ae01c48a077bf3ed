import { ObjectType } from "type-graphql";
import type {
  WireAdvancedIdentityProfileReport,
  WireFailureReason,
  WireIdentityProfileReport,
  WireMedia,
  WireRequirementNotMetDetail,
  WireSchemeCompliance,
} from "../upstream/wire/index.js";
import { Media } from "./media.js";
import { WireField } from "./wire-field.js";

@ObjectType("RequirementNotMetDetail")
export class RequirementNotMetDetail implements WireRequirementNotMetDetail {
  @WireField(() => String) failure_type?: string;
  @WireField(() => String) document_type?: string;
  @WireField(() => String) document_country_iso_code?: string;
  @WireField(() => String) audit_id?: string;
  @WireField(() => String) details?: string;
}

@ObjectType("IdentityProfileFailureReason")
export class IdentityProfileFailureReason implements WireFailureReason {
  @WireField(() => String) reason_code?: string;
  @WireField(() => [RequirementNotMetDetail]) requirements_not_met_details?: WireRequirementNotMetDetail[] | null;
}

@ObjectType("IdentityProfileScheme")
export class IdentityProfileScheme {
  @WireField(() => String, { description: "DBS, RTW, IDENTITY, ..." }) type?: string;
  @WireField(() => String) objective?: string;
  @WireField(() => String, { description: "Advanced profiles only" }) label?: string;
}

@ObjectType("SchemeCompliance")
export class SchemeCompliance implements WireSchemeCompliance {
  @WireField(() => IdentityProfileScheme) scheme?: WireSchemeCompliance["scheme"];
  @WireField(() => Boolean) requirements_met?: boolean;
  @WireField(() => String) requirements_not_met_info?: string;
}

@ObjectType("IdentityProfileReport")
export class IdentityProfileReport implements WireIdentityProfileReport {
  @WireField(() => String, { description: "e.g. UK_TFIDA, YOTI_GLOBAL" }) trust_framework?: string;
  @WireField(() => [SchemeCompliance]) schemes_compliance?: WireSchemeCompliance[] | null;
  @WireField(() => Media, { description: "The full report (JSON media)." }) media?: WireMedia | null;
}

@ObjectType("IdentityProfileCompliance")
export class IdentityProfileCompliance {
  @WireField(() => String) trust_framework?: string;
  @WireField(() => [SchemeCompliance]) schemes_compliance?: WireSchemeCompliance[] | null;
}

@ObjectType("AdvancedIdentityProfileReport")
export class AdvancedIdentityProfileReport implements WireAdvancedIdentityProfileReport {
  @WireField(() => [IdentityProfileCompliance]) compliance?: WireAdvancedIdentityProfileReport["compliance"];
  @WireField(() => Media, { description: "The full report (JSON media)." }) media?: WireMedia | null;
}

@ObjectType("IdentityProfile")
export class IdentityProfile {
  @WireField(() => String) subject_id?: string;
  @WireField(() => String, { description: "e.g. DONE" }) result?: string;
  @WireField(() => IdentityProfileFailureReason) failure_reason?: WireFailureReason | null;
  @WireField(() => IdentityProfileReport) identity_profile_report?: WireIdentityProfileReport | null;
}

@ObjectType("AdvancedIdentityProfile")
export class AdvancedIdentityProfile {
  @WireField(() => String) subject_id?: string;
  @WireField(() => String) result?: string;
  @WireField(() => IdentityProfileFailureReason) failure_reason?: WireFailureReason | null;
  @WireField(() => AdvancedIdentityProfileReport) identity_profile_report?: WireAdvancedIdentityProfileReport | null;
}
