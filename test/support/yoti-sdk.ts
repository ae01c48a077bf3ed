import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import yoti from "yoti";

/** The official Yoti Node SDK's IDV client. */
export type SdkClient = InstanceType<typeof yoti.IDVClient>;

/** The official SDK's client for an emulator, signing with the emulator's key: what real integrators would run against it. */
export function sdkClient(emulator: { readonly sdkId: string; readonly keyFile: string; readonly baseUrl: string }): SdkClient {
  return new yoti.IDVClient(emulator.sdkId, readFileSync(emulator.keyFile), { apiUrl: emulator.baseUrl });
}

// The SDK's own parsers, loaded from its sources (the package exports only the clients): they are the
// oracle for which type strings the SDK gives a class of their own.
const sdkRequire = createRequire(import.meta.url);
const retrieve = (file: string) => sdkRequire(`yoti/src/idv_service/session/retrieve/${file}.js`);
const GetSessionResult = retrieve("get.session.result");
const CheckResponse = retrieve("check.response");
const TaskResponse = retrieve("task.response");
const LivenessResourceResponse = retrieve("liveness.resource.response");

/** Whether the SDK parses a check of this `type` into a class of its own rather than its base CheckResponse. */
export function sdkKnowsCheckType(type: string): boolean {
  return new GetSessionResult({ checks: [{ type }] }).getChecks()[0].constructor !== CheckResponse;
}

/** Whether the SDK parses a task of this `type` (on an id document) into a class of its own rather than its base TaskResponse. */
export function sdkKnowsTaskType(type: string): boolean {
  const session = new GetSessionResult({ resources: { id_documents: [{ tasks: [{ type }] }] } });
  return session.getResources().getIdDocuments()[0].getTasks()[0].constructor !== TaskResponse;
}

/** Whether the SDK parses a liveness capture of this `liveness_type` into a class of its own rather than its base. */
export function sdkKnowsLivenessType(type: string): boolean {
  const session = new GetSessionResult({ resources: { liveness_capture: [{ liveness_type: type }] } });
  return session.getResources().getLivenessCapture()[0].constructor !== LivenessResourceResponse;
}
