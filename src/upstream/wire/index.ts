/** The upstream's JSON, as received: snake_case, every field optional. */
export type * from "./check.js";
export type * from "./configuration.js";
export type * from "./devices.js";
export type * from "./identity-profile.js";
export type * from "./media.js";
export type * from "./report.js";
export type * from "./resources.js";
export type * from "./session.js";
export type * from "./supported-documents.js";
export type * from "./task.js";
export { allResources, RESOURCE_LIST_KEYS } from "./resources.js";
