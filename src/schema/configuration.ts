import { ID, InterfaceType, Int, ObjectType } from "type-graphql";
import type { WireAllowedSource, WireCapture, WireRequestedTask, WireRequiredResource, WireSessionConfiguration, WireSupportedCountry, WireSupportedDocument } from "../upstream/wire/index.js";
import { fieldlessTypes } from "./fieldless-type.js";
import { WireField } from "./wire-field.js";

@ObjectType("DocumentRequirements", { description: "What a supported document must satisfy (sent by Yoti's API; the Node SDK drops it)." })
export class DocumentRequirements {
  @WireField(() => String, { description: "Earliest accepted issue date, a calendar date (e.g. 2012-10-31)." }) date_from?: string;
}

@ObjectType("SupportedDocument", { description: "A document type accepted from a country." })
export class SupportedDocument implements WireSupportedDocument {
  @WireField(() => String, { description: "PASSPORT, DRIVING_LICENCE, NATIONAL_ID, ... (open set)" }) type?: string;
  @WireField(() => Boolean, { description: "Whether the document is strictly in Latin script (supported documents only)." }) is_strictly_latin?: boolean;
  @WireField(() => DocumentRequirements) requirements?: { date_from?: string } | null;
}

@ObjectType("SupportedCountry", { description: "A country and the document types accepted from it." })
export class SupportedCountry implements WireSupportedCountry {
  @WireField(() => String, { description: "ISO 3166-1 alpha-3, e.g. GBR" }) code?: string;
  @WireField(() => [SupportedDocument]) supported_documents?: WireSupportedDocument[] | null;
}

@ObjectType("AllowedSource", { description: "Who may supply a required resource." })
export class AllowedSource implements WireAllowedSource {
  @WireField(() => String, { description: "END_USER, RELYING_BUSINESS, IBV (open set)" }) type?: string;
  @WireField(() => [String], { description: "IBV providers, e.g. UK_POST_OFFICE" }) allowed_providers?: string[] | null;
}

@ObjectType("RequestedTask", { description: "A task the session asked Yoti to run on a required document." })
export class RequestedTask implements WireRequestedTask {
  @WireField(() => String, { description: "ID_DOCUMENT_TEXT_DATA_EXTRACTION, SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION (open set)" }) type?: string;
  @WireField(() => String, { description: "e.g. REQUIRED (open set)" }) state?: string;
}

/** One `attempts_remaining` entry: the wire object's key and value. */
export interface AttemptsRemainingEntry {
  readonly type: string;
  readonly count: unknown;
}

@ObjectType("AttemptsRemaining", { description: "Attempts left of one kind (one key of Yoti's `attempts_remaining` object)." })
export class AttemptsRemaining {
  @WireField(() => String, { nullable: false, description: "GENERIC, RECLASSIFICATION, ... (open set)" }) type!: string;
  @WireField(() => Int) count?: number;
}

@ObjectType("DocumentObjective", { description: "Why a supplementary document is required." })
export class DocumentObjective {
  @WireField(() => String, { description: "e.g. PROOF_OF_ADDRESS (open set)" }) type?: string;
}

/** Required-resource types by their wire `type`; anything else is a GenericRequiredResource. A Map, so no prototype name finds a type. */
export const REQUIRED_RESOURCE_TYPE_NAMES: ReadonlyMap<string, string> = new Map(Object.entries({
  ID_DOCUMENT: "RequiredIdDocument",
  SUPPLEMENTARY_DOCUMENT: "RequiredSupplementaryDocument",
  LIVENESS: "RequiredLiveness",
  FACE_CAPTURE: "RequiredFaceCapture",
}));

/** The GraphQL type of a required resource, by its raw `type`: a known string picks its type; anything else is GenericRequiredResource. */
export function requiredResourceTypeName(resource: WireRequiredResource): string {
  return (typeof resource.type === "string" && REQUIRED_RESOURCE_TYPE_NAMES.get(resource.type)) || "GenericRequiredResource";
}

@InterfaceType("RequiredResource", {
  description: "A resource the session requires the user to supply. Unknown types arrive as GenericRequiredResource with their raw `type`.",
  resolveType: requiredResourceTypeName,
})
export abstract class RequiredResource implements WireRequiredResource {
  @WireField(() => String, { description: "The raw upstream type: ID_DOCUMENT, SUPPLEMENTARY_DOCUMENT, LIVENESS, FACE_CAPTURE (open set)" }) type?: string;
  @WireField(() => ID) id?: string;
  @WireField(() => String, { description: "e.g. REQUIRED (open set)" }) state?: string;
  @WireField(() => [AllowedSource]) allowed_sources?: WireAllowedSource[] | null;
  // `attemptsRemaining` is resolved in RequiredResourceResolver (an object upstream, a list here).
  @WireField(() => [RequestedTask]) requested_tasks?: WireRequestedTask[] | null;
}

@ObjectType("RequiredIdDocument", { implements: RequiredResource, description: "An identity document the session requires." })
export class RequiredIdDocument extends RequiredResource {
  @WireField(() => String, { description: "CAMERA, CAMERA_AND_UPLOAD (open set)" }) allowed_capture_methods?: string;
  @WireField(() => [SupportedCountry]) supported_countries?: WireSupportedCountry[] | null;
}

@ObjectType("RequiredSupplementaryDocument", { implements: RequiredResource, description: "A supplementary document (e.g. a proof of address) the session requires." })
export class RequiredSupplementaryDocument extends RequiredResource {
  @WireField(() => [String], { description: "e.g. UTILITY_BILL, BANK_STATEMENT (open set)" }) document_types?: string[] | null;
  @WireField(() => [String]) country_codes?: string[] | null;
  @WireField(() => DocumentObjective) objective?: { type?: string } | null;
}

@ObjectType("RequiredLiveness", { implements: RequiredResource, description: "A liveness capture the session requires." })
export class RequiredLiveness extends RequiredResource {
  @WireField(() => String, { description: "ZOOM, STATIC (open set)" }) liveness_type?: string;
}

/** The required-resource types that add no field to RequiredResource. */
export const REQUIRED_RESOURCE_TYPES = fieldlessTypes(RequiredResource, {
  RequiredFaceCapture: "A face capture the session requires.",
  GenericRequiredResource: "A required resource of a type this gateway does not model; see `type`.",
});

@ObjectType("CaptureConfiguration", { description: "What the session asks the user to capture." })
export class CaptureConfiguration implements WireCapture {
  @WireField(() => String, { description: "Yoti's biometric consent value as sent (a timestamp, or empty before consent)." }) biometric_consent?: string;
  @WireField(() => [RequiredResource]) required_resources?: WireRequiredResource[] | null;
}

@ObjectType("SessionConfiguration", { description: "How the session was configured (`GET /sessions/{id}/configuration`): the checks requested and what must be captured." })
export class SessionConfiguration implements WireSessionConfiguration {
  @WireField(() => Int) client_session_token_ttl?: number;
  @WireField(() => ID) session_id?: string;
  @WireField(() => [String], { description: "Check types requested, e.g. ID_DOCUMENT_AUTHENTICITY (open set)" }) requested_checks?: string[] | null;
  @WireField(() => CaptureConfiguration) capture?: WireCapture | null;
}

@ObjectType("SupportedDocuments", { description: "The documents Yoti accepts, by country (`GET /supported-documents`): public, the same for every caller." })
export class SupportedDocuments {
  @WireField(() => [SupportedCountry]) supported_countries?: WireSupportedCountry[] | null;
}
