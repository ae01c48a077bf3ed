import { ID, InterfaceType, ObjectType } from "type-graphql";
import type { WireGeneratedMedia, WireMedia, WireMediaHolder } from "../upstream/wire/index.js";
import { DateTimeScalar } from "./date-time.scalar.js";
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

@ObjectType("Frame", { implements: MediaHolder, description: "A video frame of a page or liveness capture; `{}` upstream is a Frame with null media." })
export class Frame extends MediaHolder {}

@ObjectType("DocumentFields", { implements: MediaHolder, description: "The JSON media holding the data Yoti extracted from a document." })
export class DocumentFields extends MediaHolder {}

@ObjectType("DocumentIdPhoto", { implements: MediaHolder, description: "The holder's photo cropped from a document." })
export class DocumentIdPhoto extends MediaHolder {}

@ObjectType("DocumentFile", { implements: MediaHolder, description: "An uploaded file, e.g. a PDF." })
export class DocumentFile extends MediaHolder {}

@ObjectType("FaceMap", { implements: MediaHolder, description: "A ZOOM liveness facemap (BINARY media)." })
export class FaceMap extends MediaHolder {}

@ObjectType("CapturedImage", { implements: MediaHolder, description: "A still image: STATIC liveness or face capture." })
export class CapturedImage extends MediaHolder {}

@ObjectType("GeneratedProfile", { implements: MediaHolder, description: "The profile a third-party or watchlist check generated (JSON media)." })
export class GeneratedProfile extends MediaHolder {}

@ObjectType("RawResults", { implements: MediaHolder, description: "A watchlist provider's raw results (JSON media)." })
export class RawResults extends MediaHolder {}

@ObjectType("ShareCodeMedia", { implements: MediaHolder, description: "Media a share-code resource refers to." })
export class ShareCodeMedia extends MediaHolder {}

@ObjectType("IdentityProfilePreview", { implements: MediaHolder, description: "A preview of the identity profile (media)." })
export class IdentityProfilePreview extends MediaHolder {}

@ObjectType("ImportToken", { implements: MediaHolder, description: "An import token's media and, when it failed, why." })
export class ImportToken extends MediaHolder {
  @WireField(() => String) failure_reason?: string;
}

@ObjectType("GeneratedMedia", { description: "A media item a task or check produced." })
export class GeneratedMedia implements WireGeneratedMedia {
  @WireField(() => ID) id?: string;
  @WireField(() => String) type?: string;
}

