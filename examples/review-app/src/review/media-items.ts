import type { ReviewResourcesFragment } from "../gql/graphql";

/** One image to show, with what it is. */
export interface MediaItem {
  /** Yoti's media id: stable across events, unlike the URL (a fresh short-lived token each read). */
  readonly id: string;
  readonly url: string;
  readonly caption: string;
  readonly kind: "document" | "face";
}

const documentName = (type: string | null | undefined, country: string | null | undefined) => [type ?? "Document", country ? `(${country})` : ""].join(" ").trim();

/** Every document and face image of a session, captioned, in a reviewer's reading order. */
export function mediaItems(resources: ReviewResourcesFragment | null | undefined): MediaItem[] {
  const items: MediaItem[] = [];
  const add = (media: { id?: string | null; url?: string | null } | null | undefined, caption: string, kind: MediaItem["kind"]) => {
    if (media?.id && media.url) items.push({ id: media.id, url: media.url, caption, kind });
  };
  for (const doc of resources?.idDocuments ?? []) {
    const name = documentName(doc.documentType, doc.issuingCountry);
    (doc.pages ?? []).forEach((page, i, pages) => add(page.media, `${name}: page ${i + 1} of ${pages.length}${page.captureMethod ? `, ${page.captureMethod.toLowerCase()}` : ""}`, "document"));
    add(doc.documentIdPhoto?.media, `${name}: photo on the document`, "document");
  }
  for (const doc of resources?.supplementaryDocuments ?? []) {
    const name = documentName(doc.documentType, doc.issuingCountry);
    (doc.pages ?? []).forEach((page, i, pages) => add(page.media, `${name}: page ${i + 1} of ${pages.length}`, "document"));
  }
  for (const liveness of resources?.livenessCapture ?? []) {
    if (liveness.__typename === "StaticLivenessCapture") add(liveness.image?.media, "Selfie (static liveness)", "face");
    if (liveness.__typename === "ZoomLivenessCapture") {
      (liveness.frames ?? []).forEach((frame, i, frames) => add(frame.media, `Liveness frame ${i + 1} of ${frames.length} (${liveness.livenessType ?? "ZOOM"})`, "face"));
    }
  }
  for (const face of resources?.faceCapture ?? []) add(face.image?.media, "Face capture", "face");
  return items;
}
