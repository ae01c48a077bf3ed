import { Int, ObjectType } from "type-graphql";
import { WireField } from "./wire-field.js";

// The parsed `document_fields` media (api doc §6). Every field is optional: documents carry only
// what they print. Unknown keys are ignored here and kept in `DocumentFields.json`.

@ObjectType("StructuredPostalAddress", { description: "An address as Yoti structures it; `formattedAddress` may contain newlines." })
export class StructuredPostalAddress {
  @WireField(() => Int) address_format?: number;
  @WireField(() => String) building_number?: string;
  @WireField(() => String) building_name?: string;
  @WireField(() => String) sub_building?: string;
  @WireField(() => String) street?: string;
  @WireField(() => String) address_line1?: string;
  @WireField(() => String) address_line2?: string;
  @WireField(() => String) address_line3?: string;
  @WireField(() => String) address_line4?: string;
  @WireField(() => String) address_line5?: string;
  @WireField(() => String) address_line6?: string;
  @WireField(() => String) locality?: string;
  @WireField(() => String) town_city?: string;
  @WireField(() => String) district?: string;
  @WireField(() => String) state?: string;
  @WireField(() => String) subdivision?: string;
  @WireField(() => String) postal_code?: string;
  @WireField(() => String) country_iso?: string;
  @WireField(() => String) country?: string;
  @WireField(() => String) formatted_address?: string;
}

@ObjectType("Mrz", { description: "Machine-readable zone: type 1 (TD1, three lines) or 2 (TD3, two lines)." })
export class Mrz {
  @WireField(() => Int) type?: number;
  @WireField(() => String) line1?: string;
  @WireField(() => String) line2?: string;
  @WireField(() => String) line3?: string;
}

@ObjectType("DocumentTemplate")
export class DocumentTemplate {
  @WireField(() => String) front_page_name?: string;
  @WireField(() => String) back_page_name?: string;
}

@ObjectType("DocumentFieldValues", { description: "The data Yoti extracted from a document. Personal data: handle with care." })
export class DocumentFieldValues {
  @WireField(() => String) full_name?: string;
  @WireField(() => String) given_names?: string;
  @WireField(() => String) first_name?: string;
  @WireField(() => String) middle_name?: string;
  @WireField(() => String) family_name?: string;
  @WireField(() => String) name_prefix?: string;
  @WireField(() => String) name_suffix?: string;
  @WireField(() => String) first_name_alias?: string;
  @WireField(() => String) middle_name_alias?: string;
  @WireField(() => String) family_name_alias?: string;
  @WireField(() => String) parent_name?: string;
  @WireField(() => String, { description: "yyyy-mm-dd, or yyyy-mm / yyyy on some documents" }) date_of_birth?: string;
  @WireField(() => String) place_of_birth?: string;
  @WireField(() => String, { description: "ISO 3166-1 alpha-3" }) country_of_birth?: string;
  @WireField(() => String, { description: "ISO 3166-1 alpha-3" }) nationality?: string;
  @WireField(() => String, { description: "MALE, FEMALE, TRANSGENDER, OTHER" }) gender?: string;
  @WireField(() => String) weight?: string;
  @WireField(() => String) height?: string;
  @WireField(() => String) eye_color?: string;
  @WireField(() => StructuredPostalAddress) structured_postal_address?: StructuredPostalAddress;
  @WireField(() => String) document_type?: string;
  @WireField(() => String) issuing_country?: string;
  @WireField(() => String) document_number?: string;
  @WireField(() => String, { description: "yyyy-mm-dd, or LIFETIME" }) expiration_date?: string;
  @WireField(() => String) date_of_issue?: string;
  @WireField(() => String) issuing_authority?: string;
  @WireField(() => String) place_of_issue?: string;
  @WireField(() => String) organisation?: string;
  @WireField(() => String) personal_identification_number?: string;
  @WireField(() => Mrz) mrz?: Mrz;
  @WireField(() => String) driving_licence_class?: string;
  @WireField(() => String) driving_licence_restriction_code?: string;
  @WireField(() => DocumentTemplate) document_template?: DocumentTemplate;
}
