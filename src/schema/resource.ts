import { ID, InterfaceType, ObjectType } from "type-graphql";
import type { ResolverContext } from "./resolver-context.js";
import type { ResourceKind } from "../loaders/session-linker.js";
import type { WireLivenessCapture, WireResourceBase, WireTask } from "../upstream/wire/index.js";
import { DateTimeScalar } from "./date-time.scalar.js";
import { Task } from "./task.js";
import { WireField } from "./wire-field.js";

@ObjectType("ResourceSource", { description: "Who supplied a resource." })
export class ResourceSource {
  @WireField(() => String, { description: "END_USER, RELYING_BUSINESS, IBV (open set)" }) type?: string;
}

/** Liveness types by their wire `liveness_type`; anything else is a GenericLivenessCapture. A Map, so no prototype name finds a type. */
export const LIVENESS_TYPE_NAMES: ReadonlyMap<string, string> = new Map(Object.entries({
  ZOOM: "ZoomLivenessCapture",
  STATIC: "StaticLivenessCapture",
}));

/** The GraphQL type of a liveness resource: a known string `liveness_type` picks its type; anything else is GenericLivenessCapture. */
export function livenessTypeName(resource: WireLivenessCapture): string {
  const type = resource.liveness_type;
  return (typeof type === "string" && LIVENESS_TYPE_NAMES.get(type)) || "GenericLivenessCapture";
}

/** Resource types by the `resources` list they came from (liveness goes by `liveness_type` instead). */
export const TYPE_BY_KIND: ReadonlyMap<ResourceKind, string> = new Map<ResourceKind, string>([
  ["id_documents", "IdDocument"],
  ["supplementary_documents", "SupplementaryDocument"],
  ["face_capture", "FaceCapture"],
  ["share_codes", "ShareCode"],
  ["applicant_profiles", "ApplicantProfile"],
]);

/** The GraphQL type of a resource: by the list it came from, and for liveness by its `liveness_type`. */
export function resourceTypeName(resource: WireResourceBase, context: ResolverContext): string | undefined {
  const kind = context.loaders.links.kindOf(resource);
  if (kind === undefined) return undefined;
  return kind === "liveness_capture" ? livenessTypeName(resource) : TYPE_BY_KIND.get(kind);
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

