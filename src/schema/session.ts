import { Directive, Int, ObjectType } from "type-graphql";
import type {
  WireAdvancedIdentityProfile,
  WireApplicantProfile,
  WireFaceCapture,
  WireIdDocument,
  WireIdentityProfile,
  WireLivenessCapture,
  WireMediaHolder,
  WireResources,
  WireShareCode,
  WireSupplementaryDocument,
} from "../upstream/wire/index.js";
import { ApplicantProfile, FaceCapture, ShareCode } from "./capture.js";
import { DateTimeScalar } from "./date-time.scalar.js";
import { IdDocument, SupplementaryDocument } from "./document.js";
import { AdvancedIdentityProfile, IdentityProfile } from "./identity-profile.js";
import { LivenessCapture } from "./liveness.js";
import { IdentityProfilePreview, ImportToken } from "./media.js";
import { Personal } from "./personal-data.js";
import { WireField } from "./wire-field.js";

@ObjectType("SessionResources", { description: "What the user supplied, by kind. A list Yoti omitted is null." })
export class SessionResources implements WireResources {
  @WireField(() => [IdDocument]) id_documents?: WireIdDocument[] | null;
  @WireField(() => [SupplementaryDocument]) supplementary_documents?: WireSupplementaryDocument[] | null;
  @WireField(() => [LivenessCapture]) liveness_capture?: WireLivenessCapture[] | null;
  @WireField(() => [FaceCapture]) face_capture?: WireFaceCapture[] | null;
  @WireField(() => [ShareCode]) share_codes?: WireShareCode[] | null;
  @WireField(() => [ApplicantProfile]) applicant_profiles?: WireApplicantProfile[] | null;
}

// The federation key: printed only into the subgraph SDL (graphql's printSchema leaves applied directives out).
@Directive(`@key(fields: "id")`)
@ObjectType("Session", { description: "An identity verification session, as Yoti's session retrieval returns it." })
export class Session {
  // `id`, `checks` are resolved in SessionResolver (the id falls back to the one asked for; checks take filters).
  @WireField(() => Int, { description: "Seconds left on the client session token; 0 once expired." }) client_session_token_ttl?: number;
  @WireField(() => String) user_tracking_id?: string;
  @WireField(() => String, { description: "ONGOING, COMPLETED, EXPIRED (open set)" }) state?: string;
  @Personal({ holds: "a credential that acts as the user in the session" })
  @WireField(() => String) client_session_token?: string;
  @WireField(() => DateTimeScalar, { name: "biometricConsent", description: "When the user gave biometric consent." })
  biometric_consent?: string;
  @WireField(() => SessionResources, { description: "Null when Yoti sent no resources." }) resources?: WireResources | null;
  @Personal({ holds: "the identity profile Yoti built for the user" })
  @WireField(() => IdentityProfile) identity_profile?: WireIdentityProfile | null;
  @Personal({ holds: "the advanced identity profile Yoti built for the user" })
  @WireField(() => AdvancedIdentityProfile) advanced_identity_profile?: WireAdvancedIdentityProfile | null;
  @Personal({ holds: "a preview of the user's identity profile (media)" })
  @WireField(() => IdentityProfilePreview) identity_profile_preview?: WireMediaHolder | null;
  @Personal({ holds: "a preview of the user's advanced identity profile (media)" })
  @WireField(() => IdentityProfilePreview) advanced_identity_profile_preview?: WireMediaHolder | null;
  @Personal({ holds: "a token to import the user's verified identity (media)" })
  @WireField(() => ImportToken) import_token?: (WireMediaHolder & { failure_reason?: string }) | null;
}
