import { ObjectType } from "type-graphql";
import type { WireMedia, WireMediaHolder } from "../upstream/wire/index.js";
import { CapturedImage, Media, ShareCodeMedia } from "./media.js";
import { Resource } from "./resource.js";
import { WireField } from "./wire-field.js";

@ObjectType("FaceCapture", { implements: Resource, description: "A face image captured for face comparison." })
export class FaceCapture extends Resource {
  @WireField(() => CapturedImage) image?: WireMediaHolder | null;
}

@ObjectType("ShareCode", { implements: Resource, description: "A Yoti share code the user presented." })
export class ShareCode extends Resource {
  @WireField(() => ShareCodeMedia) lookup_profile?: WireMediaHolder | null;
  @WireField(() => ShareCodeMedia) returned_profile?: WireMediaHolder | null;
  @WireField(() => ShareCodeMedia) id_photo?: WireMediaHolder | null;
  @WireField(() => ShareCodeMedia) file?: WireMediaHolder | null;
}

@ObjectType("ApplicantProfile", { implements: Resource, description: "An applicant profile (sent by Yoti, read by the Java SDK)." })
export class ApplicantProfile extends Resource {
  @WireField(() => Media) media?: WireMedia | null;
}
