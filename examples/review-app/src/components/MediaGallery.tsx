import type { MediaItem } from "../review/media-items";

/** Document and face images, each with its caption; the URLs are the gateway's short-lived media links. */
export function MediaGallery({ items }: { items: readonly MediaItem[] }) {
  if (items.length === 0) return <p className="muted">No images yet.</p>;
  return (
    <div className="gallery">
      {items.map((item) => (
        <figure key={item.id} data-kind={item.kind}>
          <img src={item.url} alt={item.caption} loading="lazy" />
          <figcaption>{item.caption}</figcaption>
        </figure>
      ))}
    </div>
  );
}
