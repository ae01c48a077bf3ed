/** The device of a tracked event: every field optional; `ip_address` is personal data. */
export interface WireDeviceDescription {
  ip_address?: string;
  ip_iso_country_code?: string;
  manufacture_name?: string;
  model_name?: string;
  os_name?: string;
  os_version?: string;
  browser_name?: string;
  browser_version?: string;
  locale?: string;
  client_version?: string;
}

/** One item of `GET /sessions/{id}/tracked-devices` (a JSON array; api doc §3.6). */
export interface WireTrackedDeviceEvent {
  event?: string;
  created?: string;
  /** RESOURCE_CREATED events name their resource (Java reads it; Node drops it). */
  resource_id?: string;
  device?: WireDeviceDescription | null;
}
