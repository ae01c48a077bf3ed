import { ID, InterfaceType, ObjectType } from "type-graphql";
import type { ResolverContext } from "./context.js";
import type { WireLivenessCapture, WireResourceBase, WireTask } from "../upstream/wire/index.js";
import { DateTimeScalar } from "./date-time.scalar.js";
import { Task } from "./task.js";
import { WireField } from "./wire-field.js";

@ObjectType("ResourceSource", { description: "Who supplied a resource." })
export class ResourceSource {
  @WireField(() => String, { description: "END_USER, RELYING_BUSINESS, IBV (open set)" }) type?: string;
}

/** Liveness types by their wire `liveness_type`; anything else is a GenericLivenessCapture. */
export const LIVENESS_TYPE_NAMES: Readonly<Record<string, string>> = {
  ZOOM: "ZoomLivenessCapture",
  STATIC: "StaticLivenessCapture",
};

/** The GraphQL type of a liveness resource. */
export function livenessTypeName(resource: WireLivenessCapture): string {
  return (resource.liveness_type !== undefined && LIVENESS_TYPE_NAMES[resource.liveness_type]) || "GenericLivenessCapture";
}

const TYPE_BY_KIND: Readonly<Record<string, string>> = {
  id_documents: "IdDocument",
  supplementary_documents: "SupplementaryDocument",
  face_capture: "FaceCapture",
  share_codes: "ShareCode",
  applicant_profiles: "ApplicantProfile",
};

/** The GraphQL type of a resource: by the list it came from, and for liveness by its `liveness_type`. */
export function resourceTypeName(resource: WireResourceBase, context: ResolverContext): string | undefined {
  const kind = context.loaders.links.kindOf(resource);
  return kind === "liveness_capture" ? livenessTypeName(resource) : TYPE_BY_KIND[kind ?? ""];
}

@InterfaceType("Resource", {
  description: "Anything a user supplied in a session: documents, liveness and face captures, share codes.",
  resolveType: resourceTypeName,
})
export abstract class Resource implements WireResourceBase {
  @WireField(() => ID) id?: string;
  @WireField(() => [Task]) tasks?: WireTask[] | null;
  @WireField(() => ResourceSource) source?: { type?: string } | null;
  @WireField(() => DateTimeScalar) created_at?: string;
  @WireField(() => DateTimeScalar) last_updated?: string;
}

