import { ObjectType } from "type-graphql";
import type { WireMedia, WireMediaHolder, WirePage } from "../upstream/wire/index.js";
import { DocumentFields, DocumentFile, DocumentIdPhoto, Frame, Media } from "./media.js";
import { Resource } from "./resource.js";
import { WireField } from "./wire-field.js";

@ObjectType("DocumentPage", { description: "One captured side of a document." })
export class DocumentPage implements WirePage {
  @WireField(() => String, { description: "CAMERA or UPLOAD" }) capture_method?: string;
  @WireField(() => Media) media?: WireMedia | null;
  @WireField(() => [Frame]) frames?: WireMediaHolder[] | null;
  @WireField(() => [String]) extraction_image_ids?: string[] | null;
}

@ObjectType("IdDocument", { implements: Resource, description: "An identity document (passport, driving licence, ...)." })
export class IdDocument extends Resource {
  @WireField(() => String, { description: "PASSPORT, DRIVING_LICENCE, NATIONAL_ID, ... (open set)" }) document_type?: string;
  @WireField(() => String, { description: "ISO 3166-1 alpha-3" }) issuing_country?: string;
  @WireField(() => [DocumentPage]) pages?: WirePage[] | null;
  @WireField(() => DocumentFields) document_fields?: WireMediaHolder | null;
  @WireField(() => DocumentIdPhoto) document_id_photo?: WireMediaHolder | null;
  @WireField(() => DocumentFields) expanded_document_fields?: WireMediaHolder | null;
}

@ObjectType("SupplementaryDocument", { implements: Resource, description: "A supporting document (utility bill, bank statement, ...)." })
export class SupplementaryDocument extends Resource {
  @WireField(() => String) document_type?: string;
  @WireField(() => String, { description: "ISO 3166-1 alpha-3" }) issuing_country?: string;
  @WireField(() => [DocumentPage]) pages?: WirePage[] | null;
  @WireField(() => DocumentFields) document_fields?: WireMediaHolder | null;
  @WireField(() => DocumentFile, { description: "An uploaded PDF; images arrive as pages." }) file?: WireMediaHolder | null;
}
