import { InterfaceType, ObjectType } from "type-graphql";
import type { WireMediaHolder } from "../upstream/wire/index.js";
import { CapturedImage, FaceMap, Frame } from "./media.js";
import { Resource, livenessTypeName } from "./resource.js";
import { WireField } from "./wire-field.js";

@InterfaceType("LivenessCapture", {
  implements: Resource,
  description: "A liveness capture, by `livenessType`: ZOOM, STATIC, or anything else as GenericLivenessCapture.",
  resolveType: livenessTypeName,
})
export abstract class LivenessCapture extends Resource {
  @WireField(() => String, { description: "The raw upstream liveness_type; null when Yoti sent none." })
  liveness_type?: string;
}

@ObjectType("ZoomLivenessCapture", { implements: [Resource, LivenessCapture] })
export class ZoomLivenessCapture extends LivenessCapture {
  @WireField(() => FaceMap) facemap?: WireMediaHolder | null;
  @WireField(() => [Frame]) frames?: WireMediaHolder[] | null;
}

@ObjectType("StaticLivenessCapture", { implements: [Resource, LivenessCapture] })
export class StaticLivenessCapture extends LivenessCapture {
  @WireField(() => CapturedImage) image?: WireMediaHolder | null;
  @WireField(() => String) capture_type?: string;
}

@ObjectType("GenericLivenessCapture", {
  implements: [Resource, LivenessCapture],
  description: "A liveness capture of a type this gateway does not model; see `livenessType`.",
})
export class GenericLivenessCapture extends LivenessCapture {}
