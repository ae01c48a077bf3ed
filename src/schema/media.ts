import { ID, InterfaceType, ObjectType } from "type-graphql";
import type { WireGeneratedMedia, WireMedia, WireMediaHolder } from "../upstream/wire/index.js";
import { DateTimeScalar } from "./date-time.scalar.js";
import { fieldlessTypes } from "./fieldless-type.js";
import { WireField } from "./wire-field.js";

@ObjectType("Media", { description: "A media item held by Yoti; `id` is the key for its content." })
export class Media implements WireMedia {
  @WireField(() => ID) id?: string;
  @WireField(() => String, { description: "IMAGE, JSON, BINARY, ... (open set)" }) type?: string;
  @WireField(() => DateTimeScalar) created?: string;
  @WireField(() => DateTimeScalar) last_updated?: string;
}

/** The `{media}` wrapper shape; each wrapper kind gets its own GraphQL name so it can grow on its own. */
@InterfaceType("MediaHolder", { description: "Any `{media}` wrapper: frames, document fields, photos, files, profiles." })
export abstract class MediaHolder implements WireMediaHolder {
  @WireField(() => Media, { description: "Null when Yoti sent no media (e.g. an empty frame `{}`)." })
  media?: WireMedia | null;
}

/** The `{media}` wrappers that add no field to MediaHolder, each under its own name. */
export const MEDIA_HOLDER_TYPES = fieldlessTypes(MediaHolder, {
  Frame: "A video frame of a page or liveness capture; `{}` upstream is a Frame with null media.",
  DocumentFields: "The JSON media holding the data Yoti extracted from a document.",
  DocumentIdPhoto: "The holder's photo cropped from a document.",
  DocumentFile: "An uploaded file, e.g. a PDF.",
  FaceMap: "A ZOOM liveness facemap (BINARY media).",
  CapturedImage: "A still image: STATIC liveness or face capture.",
  GeneratedProfile: "The profile a third-party or watchlist check generated (JSON media).",
  RawResults: "A watchlist provider's raw results (JSON media).",
  ShareCodeMedia: "Media a share-code resource refers to.",
  IdentityProfilePreview: "A preview of the identity profile (media).",
});
export const { Frame, DocumentFields, DocumentIdPhoto, DocumentFile, FaceMap, CapturedImage, GeneratedProfile, RawResults, ShareCodeMedia, IdentityProfilePreview } = MEDIA_HOLDER_TYPES;

@ObjectType("ImportToken", { implements: MediaHolder, description: "An import token's media and, when it failed, why." })
export class ImportToken extends MediaHolder {
  @WireField(() => String) failure_reason?: string;
}

@ObjectType("GeneratedMedia", { description: "A media item a task or check produced." })
export class GeneratedMedia implements WireGeneratedMedia {
  @WireField(() => ID) id?: string;
  @WireField(() => String) type?: string;
}

