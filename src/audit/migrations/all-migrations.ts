import { migration001 } from "./001-audit-events.js";
import { migration002 } from "./002-append-only.js";
import type { Migration } from "./migration.js";

/** Every migration, in version order: a new one is a new file added here. */
export const MIGRATIONS: readonly Migration[] = Object.freeze([migration001, migration002]);
