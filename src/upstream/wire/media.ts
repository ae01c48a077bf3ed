/** Wire shapes for media references (api doc §4.3). Every field may be absent; none is ever null-checked by type. */

/** A media object: the id is the key for the media content endpoint. */
export interface WireMedia {
  id?: string;
  type?: string;
  created?: string;
  last_updated?: string;
}

/** The `{media}` wrapper used by frames, facemaps, document fields, photos, files and profiles. */
export interface WireMediaHolder {
  media?: WireMedia | null;
}

/** `{id, type}` pairs listed by checks and tasks. */
export interface WireGeneratedMedia {
  id?: string;
  type?: string;
}
