import type { WireGeneratedMedia } from "./media.js";

/** `generated_checks[]`: the id names a top-level check of the same session. */
export interface WireGeneratedCheck {
  id?: string;
  type?: string;
}

/** A task's recommendation (ignored by Node, read by Java). */
export interface WireTaskRecommendation {
  value?: string;
  reason?: { value?: string; detail?: string } | null;
}

/** A task on a resource (api doc §4.4). */
export interface WireTask {
  type?: string;
  id?: string;
  state?: string;
  created?: string;
  last_updated?: string;
  generated_checks?: WireGeneratedCheck[] | null;
  generated_media?: WireGeneratedMedia[] | null;
  recommendation?: WireTaskRecommendation | null;
}
