import type { WireSupportedCountry } from "./configuration.js";

/** The body of `GET /supported-documents` (api doc §3.7): public, unsigned, every field optional. */
export interface WireSupportedDocuments {
  supported_countries?: WireSupportedCountry[] | null;
}
