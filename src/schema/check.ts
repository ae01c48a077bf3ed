import { ID, InterfaceType, ObjectType } from "type-graphql";
import { fieldlessTypes } from "./fieldless-type.js";
import type { WireCheck, WireGeneratedMedia, WireMediaHolder, WireReport } from "../upstream/wire/index.js";
import { DateTimeScalar } from "./date-time.scalar.js";
import { GeneratedMedia, GeneratedProfile } from "./media.js";
import { CheckReport } from "./report.js";
import { WireField } from "./wire-field.js";

/**
 * Check types by their wire `type` (the Node SDK's 11); anything else is a GenericCheck. A Map, not
 * an object: `constructor` or `__proto__` must find nothing rather than Object.prototype's members.
 */
export const CHECK_TYPE_NAMES: ReadonlyMap<string, string> = new Map(Object.entries({
  ID_DOCUMENT_AUTHENTICITY: "IdDocumentAuthenticityCheck",
  ID_DOCUMENT_TEXT_DATA_CHECK: "IdDocumentTextDataCheck",
  ID_DOCUMENT_FACE_MATCH: "IdDocumentFaceMatchCheck",
  LIVENESS: "LivenessCheck",
  ID_DOCUMENT_COMPARISON: "IdDocumentComparisonCheck",
  SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK: "SupplementaryDocumentTextDataCheck",
  THIRD_PARTY_IDENTITY: "ThirdPartyIdentityCheck",
  THIRD_PARTY_IDENTITY_FRAUD_1: "ThirdPartyIdentityFraud1Check",
  WATCHLIST_SCREENING: "WatchlistScreeningCheck",
  WATCHLIST_ADVANCED_CA: "WatchlistAdvancedCaCheck",
  FACE_COMPARISON: "FaceComparisonCheck",
}));

/** The GraphQL type of a check, by its raw `type`: a known string picks its type; anything else (absent, not a string) is GenericCheck. */
export function checkTypeName(check: WireCheck): string {
  // The wire type says string, but the body is Yoti's JSON: the typeof is what makes it one.
  return (typeof check.type === "string" && CHECK_TYPE_NAMES.get(check.type)) || "GenericCheck";
}

@InterfaceType("Check", {
  description: "A check Yoti ran. Unknown check types arrive as GenericCheck with their raw `type`.",
  resolveType: checkTypeName,
})
export abstract class Check implements WireCheck {
  @WireField(() => String, { description: "The raw upstream type string; null when Yoti sent none." })
  type?: string;
  @WireField(() => ID) id?: string;
  @WireField(() => String, {
    description: "CREATED, READY, PENDING, INTERNAL_ERROR, DONE (open set; spaces upstream become underscores)",
  })
  state?: string;
  @WireField(() => [String], { description: "Ids of the resources the check used; see `resources` for the objects." })
  resources_used?: string[] | null;
  @WireField(() => [GeneratedMedia]) generated_media?: WireGeneratedMedia[] | null;
  @WireField(() => CheckReport, { description: "Null until the check has a report (e.g. PENDING)." }) report?: WireReport | null;
  @WireField(() => DateTimeScalar) created?: string;
  @WireField(() => DateTimeScalar) last_updated?: string;
}

@InterfaceType("ProfileCheck", { implements: Check, description: "A check that generates a profile (third party, fraud, watchlist)." })
export abstract class ProfileCheck extends Check {
  @WireField(() => GeneratedProfile) generated_profile?: WireMediaHolder | null;
}

/** The check types that add no field to Check, or to ProfileCheck for those that generate a profile. */
export const CHECK_TYPES = {
  ...fieldlessTypes(Check, {
    IdDocumentAuthenticityCheck: undefined,
    IdDocumentTextDataCheck: undefined,
    IdDocumentFaceMatchCheck: undefined,
    LivenessCheck: undefined,
    IdDocumentComparisonCheck: undefined,
    SupplementaryDocumentTextDataCheck: undefined,
    FaceComparisonCheck: undefined,
  }),
  ...fieldlessTypes(ProfileCheck, { ThirdPartyIdentityCheck: undefined, ThirdPartyIdentityFraud1Check: undefined, WatchlistScreeningCheck: undefined, WatchlistAdvancedCaCheck: undefined }, { implements: [Check, ProfileCheck] }),
};

@ObjectType("GenericCheck", {
  implements: [Check, ProfileCheck],
  description: "A check of a type this gateway does not model; see `type`. Keeps `generatedProfile` and `scheme` when sent.",
})
export class GenericCheck extends ProfileCheck {
  @WireField(() => String, { description: "DOCUMENT_SCHEME_VALIDITY_CHECK's scheme" }) scheme?: string;
}
