/** `allowed_sources[]` of a required resource: END_USER, RELYING_BUSINESS, IBV (open set). */
export interface WireAllowedSource {
  type?: string;
  /** IBV sources: e.g. UK_POST_OFFICE (the Node SDK drops it). */
  allowed_providers?: string[] | null;
}

/** `requested_tasks[]` of a required document. */
export interface WireRequestedTask {
  type?: string;
  state?: string;
}

/** A country and the document types accepted from it (configuration and `GET /supported-documents`). */
export interface WireSupportedCountry {
  code?: string;
  supported_documents?: WireSupportedDocument[] | null;
}

/** One accepted document type; `is_strictly_latin` only in `GET /supported-documents`. */
export interface WireSupportedDocument {
  type?: string;
  is_strictly_latin?: boolean;
  requirements?: { date_from?: string } | null;
}

/** One entry of `capture.required_resources`, dispatched on `type` (api doc §3.5); every field optional here. */
export interface WireRequiredResource {
  type?: string;
  id?: string;
  state?: string;
  allowed_sources?: WireAllowedSource[] | null;
  /** ID_DOCUMENT in the SDKs; read off any type, since Yoti may send it elsewhere. Open keys (GENERIC, RECLASSIFICATION). */
  attempts_remaining?: Record<string, unknown> | null;
  requested_tasks?: WireRequestedTask[] | null;
  /** ID_DOCUMENT */
  allowed_capture_methods?: string;
  supported_countries?: WireSupportedCountry[] | null;
  /** SUPPLEMENTARY_DOCUMENT */
  document_types?: string[] | null;
  country_codes?: string[] | null;
  objective?: { type?: string } | null;
  /** LIVENESS */
  liveness_type?: string;
}

/** `capture` of a session configuration. */
export interface WireCapture {
  biometric_consent?: string;
  required_resources?: WireRequiredResource[] | null;
}

/** The body of `GET /sessions/{id}/configuration` (api doc §3.5). */
export interface WireSessionConfiguration {
  client_session_token_ttl?: number;
  session_id?: string;
  requested_checks?: string[] | null;
  capture?: WireCapture | null;
}
