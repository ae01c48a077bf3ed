import { ID, ObjectType } from "type-graphql";
import type { WireDeviceDescription, WireTrackedDeviceEvent } from "../upstream/wire/index.js";
import { DateTimeScalar } from "./date-time.scalar.js";
import { Scope } from "../config/security-config.js";
import { Personal } from "./personal-data.js";
import { WireField } from "./wire-field.js";

@ObjectType("DeviceDescription", { description: "The device behind a tracked event. Personal data (an IP address): never logged." })
export class DeviceDescription implements WireDeviceDescription {
  @Personal({ holds: "the device's IP address", scope: Scope.DEVICES_READ })
  @WireField(() => String) ip_address?: string;
  @WireField(() => String, { description: "ISO 3166-1 alpha-3 of the IP address's country" }) ip_iso_country_code?: string;
  @WireField(() => String) manufacture_name?: string;
  @WireField(() => String) model_name?: string;
  @WireField(() => String) os_name?: string;
  @WireField(() => String) os_version?: string;
  @WireField(() => String) browser_name?: string;
  @WireField(() => String) browser_version?: string;
  @WireField(() => String) locale?: string;
  @WireField(() => String) client_version?: string;
}

@ObjectType("TrackedDeviceEvent", { description: "Something a device did in the session (`GET /sessions/{id}/tracked-devices`). A missing field is null." })
export class TrackedDeviceEvent implements WireTrackedDeviceEvent {
  @WireField(() => String, { description: "CONFIG_FIRST_LOADED, RESOURCE_CREATED, CLIENT_SESSION_TOKEN_DELETED (open set)" }) event?: string;
  @WireField(() => DateTimeScalar) created?: string;
  @WireField(() => ID, { description: "The resource a RESOURCE_CREATED event created." }) resource_id?: string;
  @WireField(() => DeviceDescription) device?: WireDeviceDescription | null;
}
