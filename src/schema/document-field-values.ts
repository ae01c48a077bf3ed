import { Int, ObjectType } from "type-graphql";
import { Mask, Personal } from "./personal-data.js";
import { WireField } from "./wire-field.js";

// The parsed `document_fields` media (api doc §6). Every field is optional: documents carry only
// what they print. Unknown keys are ignored here and kept in `DocumentFields.json`.
//
// Marked personal: what describes the person (names, birth, sex, body, nationality, address) or
// identifies them or their document (document and personal numbers, MRZ), and licence restriction
// codes (they can state a medical condition). Left unmarked: what many holders share (document
// type, issuing country and authority, place of issue, organisation, licence class, template) and
// the document's validity dates; a `pii:masked` caller sees those whole, as the resource itself
// shows type and country to any caller.

@ObjectType("StructuredPostalAddress", { description: "An address as Yoti structures it; `formattedAddress` may contain newlines." })
export class StructuredPostalAddress {
  @WireField(() => Int) address_format?: number;
  @Personal({ holds: "the building number", mask: Mask.hidden })
  @WireField(() => String) building_number?: string;
  @Personal({ holds: "the building name", mask: Mask.hidden })
  @WireField(() => String) building_name?: string;
  @Personal({ holds: "the flat or unit", mask: Mask.hidden })
  @WireField(() => String) sub_building?: string;
  @Personal({ holds: "the street", mask: Mask.hidden })
  @WireField(() => String) street?: string;
  @Personal({ holds: "an address line", mask: Mask.hidden })
  @WireField(() => String) address_line1?: string;
  @Personal({ holds: "an address line", mask: Mask.hidden })
  @WireField(() => String) address_line2?: string;
  @Personal({ holds: "an address line", mask: Mask.hidden })
  @WireField(() => String) address_line3?: string;
  @Personal({ holds: "an address line", mask: Mask.hidden })
  @WireField(() => String) address_line4?: string;
  @Personal({ holds: "an address line", mask: Mask.hidden })
  @WireField(() => String) address_line5?: string;
  @Personal({ holds: "an address line", mask: Mask.hidden })
  @WireField(() => String) address_line6?: string;
  @Personal({ holds: "the locality", mask: Mask.hidden })
  @WireField(() => String) locality?: string;
  @Personal({ holds: "the town or city", mask: Mask.hidden })
  @WireField(() => String) town_city?: string;
  @Personal({ holds: "the district", mask: Mask.hidden })
  @WireField(() => String) district?: string;
  @Personal({ holds: "the state", mask: Mask.hidden })
  @WireField(() => String) state?: string;
  @Personal({ holds: "the subdivision", mask: Mask.hidden })
  @WireField(() => String) subdivision?: string;
  @Personal({ holds: "the postcode", mask: Mask.postcodeFirstPart })
  @WireField(() => String) postal_code?: string;
  @Personal({ holds: "the address's country (ISO code)", mask: Mask.whole })
  @WireField(() => String) country_iso?: string;
  @Personal({ holds: "the address's country", mask: Mask.whole })
  @WireField(() => String) country?: string;
  @Personal({ holds: "the whole address as printed", mask: Mask.hidden })
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
  @Personal({ holds: "the full name", mask: Mask.initials })
  @WireField(() => String) full_name?: string;
  @Personal({ holds: "the given names", mask: Mask.initials })
  @WireField(() => String) given_names?: string;
  @Personal({ holds: "the first name", mask: Mask.initials })
  @WireField(() => String) first_name?: string;
  @Personal({ holds: "the middle name", mask: Mask.initials })
  @WireField(() => String) middle_name?: string;
  @Personal({ holds: "the family name", mask: Mask.initials })
  @WireField(() => String) family_name?: string;
  @Personal({ holds: "a title (Mr, Dr, ...)", mask: Mask.hidden })
  @WireField(() => String) name_prefix?: string;
  @Personal({ holds: "a suffix (Jr, III, ...)", mask: Mask.hidden })
  @WireField(() => String) name_suffix?: string;
  @Personal({ holds: "an alias first name", mask: Mask.initials })
  @WireField(() => String) first_name_alias?: string;
  @Personal({ holds: "an alias middle name", mask: Mask.initials })
  @WireField(() => String) middle_name_alias?: string;
  @Personal({ holds: "an alias family name", mask: Mask.initials })
  @WireField(() => String) family_name_alias?: string;
  @Personal({ holds: "a parent's name", mask: Mask.initials })
  @WireField(() => String) parent_name?: string;
  @Personal({ holds: "the date of birth", mask: Mask.year })
  @WireField(() => String, { description: "yyyy-mm-dd, or yyyy-mm / yyyy on some documents" }) date_of_birth?: string;
  @Personal({ holds: "the place of birth", mask: Mask.hidden })
  @WireField(() => String) place_of_birth?: string;
  @Personal({ holds: "the country of birth", mask: Mask.whole })
  @WireField(() => String, { description: "ISO 3166-1 alpha-3" }) country_of_birth?: string;
  @Personal({ holds: "the nationality", mask: Mask.whole })
  @WireField(() => String, { description: "ISO 3166-1 alpha-3" }) nationality?: string;
  @Personal({ holds: "the sex or gender", mask: Mask.hidden })
  @WireField(() => String, { description: "MALE, FEMALE, TRANSGENDER, OTHER" }) gender?: string;
  @Personal({ holds: "the weight", mask: Mask.hidden })
  @WireField(() => String) weight?: string;
  @Personal({ holds: "the height", mask: Mask.hidden })
  @WireField(() => String) height?: string;
  @Personal({ holds: "the eye colour", mask: Mask.hidden })
  @WireField(() => String) eye_color?: string;
  @Personal({ holds: "the address", mask: Mask.byField })
  @WireField(() => StructuredPostalAddress) structured_postal_address?: StructuredPostalAddress;
  @WireField(() => String) document_type?: string;
  @WireField(() => String) issuing_country?: string;
  @Personal({ holds: "the document number", mask: Mask.lastFour })
  @WireField(() => String) document_number?: string;
  @WireField(() => String, { description: "yyyy-mm-dd, or LIFETIME" }) expiration_date?: string;
  @WireField(() => String) date_of_issue?: string;
  @WireField(() => String) issuing_authority?: string;
  @WireField(() => String) place_of_issue?: string;
  @WireField(() => String) organisation?: string;
  @Personal({ holds: "a national or personal identification number", mask: Mask.lastFour })
  @WireField(() => String) personal_identification_number?: string;
  @Personal({ holds: "the machine-readable zone (names, numbers, birth date)", mask: Mask.hidden })
  @WireField(() => Mrz) mrz?: Mrz;
  @WireField(() => String) driving_licence_class?: string;
  @Personal({ holds: "licence restriction codes (may state a medical condition)", mask: Mask.hidden })
  @WireField(() => String) driving_licence_restriction_code?: string;
  @WireField(() => DocumentTemplate) document_template?: DocumentTemplate;
}
