import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { Emulator } from "../../src/emulator/index.js";
import { demoCopy, demoSession } from "./demo-data.js";

/** A document whose extracted data holds every field DocumentFieldValues types, address and MRZ included. */
export const EVERY_FIELD = {
  full_name: "Jane Mary Doe-Smith",
  given_names: "Jane Mary",
  first_name: "Jane",
  middle_name: "Mary",
  family_name: "Doe-Smith",
  name_prefix: "Dr",
  name_suffix: "III",
  first_name_alias: "Janet",
  middle_name_alias: "Marie",
  family_name_alias: "Doe",
  parent_name: "Robert Doe",
  date_of_birth: "1990-05-02",
  place_of_birth: "Sampletown",
  country_of_birth: "GBR",
  nationality: "GBR",
  gender: "FEMALE",
  weight: "60 kg",
  height: "170 cm",
  eye_color: "BROWN",
  structured_postal_address: {
    address_format: 1,
    building_number: "10",
    building_name: "Specimen House",
    sub_building: "Flat 2",
    street: "Sample Street",
    address_line1: "Flat 2, Specimen House",
    address_line2: "10 Sample Street",
    address_line3: "Old Town",
    address_line4: "Westminster",
    address_line5: "London",
    address_line6: "Greater London",
    locality: "Old Town",
    town_city: "London",
    district: "Westminster",
    state: "England",
    subdivision: "ENG",
    postal_code: "SW1A 1AA",
    country_iso: "GBR",
    country: "United Kingdom",
    formatted_address: "Flat 2, Specimen House\n10 Sample Street\nLondon\nSW1A 1AA",
  },
  document_type: "PASSPORT",
  issuing_country: "GBR",
  document_number: "925076473",
  expiration_date: "2031-09-30",
  date_of_issue: "2021-09-30",
  issuing_authority: "HMPO",
  place_of_issue: "London",
  organisation: "HM Passport Office",
  personal_identification_number: "AB 12 34 56 C",
  mrz: { type: 2, line1: "P<GBRDOE<SMITH<<JANE<MARY<<<<<<<<<<<<<<<<<<<", line2: "9250764733GBR9005025F3109304<<<<<<<<<<<<<<02" },
  driving_licence_class: "B",
  driving_licence_restriction_code: "01",
  document_template: { front_page_name: "GBR_PASSPORT_2020_DATA_PAGE" },
} as const;

/** A copy of the `all-checks` demo session (identity profiles, previews, import token) whose document fields are EVERY_FIELD; returns its id. */
export function addEveryFieldSession(emulator: Emulator): { sessionId: string; mediaId: string; clientSessionToken: string } {
  const sessionId = randomUUID();
  const mediaId = randomUUID();
  emulator.addMedia(mediaId, { contentType: "application/json", bytes: Buffer.from(JSON.stringify(EVERY_FIELD)) });
  emulator.addSession(sessionId, demoCopy("all-checks", sessionId, (body) => (body.resources.id_documents[0].document_fields.media.id = mediaId)));
  return { sessionId, mediaId, clientSessionToken: demoSession("all-checks").client_session_token as string };
}

/** The answer to expect: a value (or an asymmetric matcher), null without an error, or null with FORBIDDEN at the field. */
export type Expected = { readonly value: unknown } | "null" | "FORBIDDEN";

/** How a test reaches one personal coordinate from `session(id:)`, and what each kind of caller gets. */
export interface Reach {
  /** Field names (and list indices) from the session down to the field. */
  readonly path: readonly (string | number)[];
  /** The selection under the field, when it is an object. */
  readonly sub?: string;
  readonly full: Expected;
  readonly masked: Expected;
}

const DOC = ["resources", "idDocuments", 0, "documentFields"] as const;
const VALUES = [...DOC, "values"] as const;
const ADDRESS = [...VALUES, "structuredPostalAddress"] as const;
const v = (value: unknown): Expected => ({ value });
const value = (name: string, full: unknown, masked: Expected): Reach => ({ path: [...VALUES, name], full: v(full), masked });
const address = (name: string, full: unknown, masked: Expected): Reach => ({ path: [...ADDRESS, name], full: v(full), masked });
const a = EVERY_FIELD.structured_postal_address;

/**
 * Every personal coordinate the schema declares, with the query that reaches it on the session
 * addEveryFieldSession adds. The personal-data tests fail when a declared coordinate is missing here.
 */
export function personalReach(clientSessionToken: string): Record<string, Reach> {
  const url = v(expect.stringMatching(/\/media\//));
  return {
    "Session.clientSessionToken": { path: ["clientSessionToken"], full: v(clientSessionToken), masked: "FORBIDDEN" },
    "Session.identityProfile": { path: ["identityProfile"], sub: "{ result }", full: v({ result: "DONE" }), masked: "FORBIDDEN" },
    "Session.advancedIdentityProfile": { path: ["advancedIdentityProfile"], sub: "{ result }", full: v({ result: "DONE" }), masked: "FORBIDDEN" },
    "Session.identityProfilePreview": { path: ["identityProfilePreview"], sub: "{ media { type } }", full: v({ media: { type: "IMAGE" } }), masked: "FORBIDDEN" },
    "Session.advancedIdentityProfilePreview": { path: ["advancedIdentityProfilePreview"], sub: "{ media { type } }", full: v({ media: { type: "IMAGE" } }), masked: "FORBIDDEN" },
    "Session.importToken": { path: ["importToken"], sub: "{ media { type } }", full: v({ media: { type: "JSON" } }), masked: "FORBIDDEN" },
    "DeviceDescription.ipAddress": { path: ["trackedDevices", 0, "device", "ipAddress"], full: v(expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/)), masked: "FORBIDDEN" },
    "Media.url": { path: [...DOC, "media", "url"], full: url, masked: "FORBIDDEN" },
    "DocumentFields.json": { path: [...DOC, "json"], full: v(EVERY_FIELD), masked: "FORBIDDEN" },
    "DocumentFields.values": { path: VALUES, sub: "{ documentType }", full: v({ documentType: "PASSPORT" }), masked: v({ documentType: "PASSPORT" }) },
    "DocumentFieldValues.fullName": value("fullName", "Jane Mary Doe-Smith", v("J. M. D.-S.")),
    "DocumentFieldValues.givenNames": value("givenNames", "Jane Mary", v("J. M.")),
    "DocumentFieldValues.firstName": value("firstName", "Jane", v("J.")),
    "DocumentFieldValues.middleName": value("middleName", "Mary", v("M.")),
    "DocumentFieldValues.familyName": value("familyName", "Doe-Smith", v("D.-S.")),
    "DocumentFieldValues.namePrefix": value("namePrefix", "Dr", "null"),
    "DocumentFieldValues.nameSuffix": value("nameSuffix", "III", "null"),
    "DocumentFieldValues.firstNameAlias": value("firstNameAlias", "Janet", v("J.")),
    "DocumentFieldValues.middleNameAlias": value("middleNameAlias", "Marie", v("M.")),
    "DocumentFieldValues.familyNameAlias": value("familyNameAlias", "Doe", v("D.")),
    "DocumentFieldValues.parentName": value("parentName", "Robert Doe", v("R. D.")),
    "DocumentFieldValues.dateOfBirth": value("dateOfBirth", "1990-05-02", v("1990")),
    "DocumentFieldValues.placeOfBirth": value("placeOfBirth", "Sampletown", "null"),
    "DocumentFieldValues.countryOfBirth": value("countryOfBirth", "GBR", v("GBR")),
    "DocumentFieldValues.nationality": value("nationality", "GBR", v("GBR")),
    "DocumentFieldValues.gender": value("gender", "FEMALE", "null"),
    "DocumentFieldValues.weight": value("weight", "60 kg", "null"),
    "DocumentFieldValues.height": value("height", "170 cm", "null"),
    "DocumentFieldValues.eyeColor": value("eyeColor", "BROWN", "null"),
    "DocumentFieldValues.documentNumber": value("documentNumber", "925076473", v("••••6473")),
    "DocumentFieldValues.personalIdentificationNumber": value("personalIdentificationNumber", "AB 12 34 56 C", v("••••456C")),
    "DocumentFieldValues.drivingLicenceRestrictionCode": value("drivingLicenceRestrictionCode", "01", "null"),
    "DocumentFieldValues.mrz": { path: [...VALUES, "mrz"], sub: "{ type line1 line2 }", full: v({ type: 2, line1: EVERY_FIELD.mrz.line1, line2: EVERY_FIELD.mrz.line2 }), masked: "null" },
    "DocumentFieldValues.structuredPostalAddress": { path: ADDRESS, sub: "{ addressFormat }", full: v({ addressFormat: 1 }), masked: v({ addressFormat: 1 }) },
    "StructuredPostalAddress.buildingNumber": address("buildingNumber", a.building_number, "null"),
    "StructuredPostalAddress.buildingName": address("buildingName", a.building_name, "null"),
    "StructuredPostalAddress.subBuilding": address("subBuilding", a.sub_building, "null"),
    "StructuredPostalAddress.street": address("street", a.street, "null"),
    "StructuredPostalAddress.addressLine1": address("addressLine1", a.address_line1, "null"),
    "StructuredPostalAddress.addressLine2": address("addressLine2", a.address_line2, "null"),
    "StructuredPostalAddress.addressLine3": address("addressLine3", a.address_line3, "null"),
    "StructuredPostalAddress.addressLine4": address("addressLine4", a.address_line4, "null"),
    "StructuredPostalAddress.addressLine5": address("addressLine5", a.address_line5, "null"),
    "StructuredPostalAddress.addressLine6": address("addressLine6", a.address_line6, "null"),
    "StructuredPostalAddress.locality": address("locality", a.locality, "null"),
    "StructuredPostalAddress.townCity": address("townCity", a.town_city, "null"),
    "StructuredPostalAddress.district": address("district", a.district, "null"),
    "StructuredPostalAddress.state": address("state", a.state, "null"),
    "StructuredPostalAddress.subdivision": address("subdivision", a.subdivision, "null"),
    "StructuredPostalAddress.postalCode": address("postalCode", a.postal_code, v("SW1A")),
    "StructuredPostalAddress.countryIso": address("countryIso", a.country_iso, v("GBR")),
    "StructuredPostalAddress.country": address("country", a.country, v("United Kingdom")),
    "StructuredPostalAddress.formattedAddress": address("formattedAddress", a.formatted_address, "null"),
  };
}

/** The query that selects `reach` on `session(id: $id)`. */
export function reachQuery(reach: Reach): string {
  const names = reach.path.filter((p): p is string => typeof p === "string");
  let selection = `${names[names.length - 1]}${reach.sub ? ` ${reach.sub}` : ""}`;
  for (let i = names.length - 2; i >= 0; i--) selection = `${names[i]} { ${selection} }`;
  return `query Reach($id: ID!) { session(id: $id) { ${selection} } }`;
}

/** The value at `path` under `root`, undefined when the path is cut short. */
export function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
