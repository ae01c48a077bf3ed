import { standaloneEvent, type AuditOptions } from "../graphql/operation-access.js";
import type { MediaGrant } from "./media-token.js";

/** Records a media download (its bytes are about to leave) as the caller the link was issued to; rejects when the store cannot take it. */
export function downloadRecorder(audit: AuditOptions) {
  return (grant: MediaGrant, requestId: string): Promise<void> =>
    audit.store.append([
      standaloneEvent({
        caller: grant.caller ?? null,
        issuer: grant.issuer ?? null,
        transport: "media",
        requestId,
        sessionId: grant.sessionId.toLowerCase(),
        mediaIds: [grant.mediaId],
        purpose: grant.purpose ?? null,
        outcome: "ANSWERED",
      }),
    ]);
}
