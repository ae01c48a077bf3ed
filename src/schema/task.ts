import { ID, InterfaceType, ObjectType } from "type-graphql";
import type { WireGeneratedCheck, WireGeneratedMedia, WireTask, WireTaskRecommendation } from "../upstream/wire/index.js";
import { DateTimeScalar } from "./date-time.scalar.js";
import { GeneratedMedia } from "./media.js";
import { fieldlessTypes } from "./fieldless-type.js";
import { WireField } from "./wire-field.js";

@ObjectType("GeneratedCheck", { description: "A check a task generated; `id` names one of the session's checks." })
export class GeneratedCheck implements WireGeneratedCheck {
  @WireField(() => ID) id?: string;
  @WireField(() => String) type?: string;
}

@ObjectType("TaskRecommendationReason")
export class TaskRecommendationReason {
  @WireField(() => String, { description: "QUALITY, USER_ERROR, ..." }) value?: string;
  @WireField(() => String) detail?: string;
}

@ObjectType("TaskRecommendation")
export class TaskRecommendation implements WireTaskRecommendation {
  @WireField(() => String, { description: "PROGRESS, SHOULD_TRY_AGAIN, MUST_TRY_AGAIN (open set)" }) value?: string;
  @WireField(() => TaskRecommendationReason) reason?: { value?: string; detail?: string } | null;
}

/** Task types by their wire `type`; anything else is a GenericTask. A Map, so no prototype name (`constructor`) finds a type. */
export const TASK_TYPE_NAMES: ReadonlyMap<string, string> = new Map(Object.entries({
  ID_DOCUMENT_TEXT_DATA_EXTRACTION: "IdDocumentTextDataExtractionTask",
  SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION: "SupplementaryDocumentTextDataExtractionTask",
  VERIFY_SHARE_CODE_TASK: "VerifyShareCodeTask",
}));

/** The GraphQL type of a task, by its raw `type`: a known string picks its type; anything else is GenericTask. */
export function taskTypeName(task: WireTask): string {
  return (typeof task.type === "string" && TASK_TYPE_NAMES.get(task.type)) || "GenericTask";
}

@InterfaceType("Task", {
  description: "A task Yoti ran on a resource. Unknown task types arrive as GenericTask with their raw `type`.",
  resolveType: taskTypeName,
})
export abstract class Task implements WireTask {
  @WireField(() => String, { description: "The raw upstream type string; null when Yoti sent none." })
  type?: string;
  @WireField(() => ID) id?: string;
  @WireField(() => String, { description: "e.g. CREATED, PENDING, DONE (open set)" }) state?: string;
  @WireField(() => DateTimeScalar) created?: string;
  @WireField(() => DateTimeScalar) last_updated?: string;
  @WireField(() => [GeneratedCheck]) generated_checks?: WireGeneratedCheck[] | null;
  @WireField(() => [GeneratedMedia]) generated_media?: WireGeneratedMedia[] | null;
  @WireField(() => TaskRecommendation) recommendation?: WireTaskRecommendation | null;
}

/** The task types that add no field to Task. */
export const TASK_TYPES = fieldlessTypes(Task, {
  IdDocumentTextDataExtractionTask: undefined,
  SupplementaryDocumentTextDataExtractionTask: undefined,
  VerifyShareCodeTask: undefined,
  GenericTask: "A task of a type this gateway does not model; see `type`.",
});
