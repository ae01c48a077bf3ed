/**
 * How a personal field shows to a `pii:masked` caller. Each rule is declared beside its field
 * (`@Personal({ mask })`, personal-data.ts); a field with no rule is refused to such callers.
 */
export interface MaskRule {
  /** The rule's name, as the personal-data table prints it. */
  readonly name: string;
  /** What a masked caller sees, in words (the table's "masked as" column). */
  readonly shows: string;
  /** The masked form of a non-null value; null when nothing of it may be shown. */
  readonly apply: (value: unknown) => unknown;
  /** True when the value is shown as it is (masked callers see it whole, and it is not recorded as masked). */
  readonly whole?: boolean;
  /** True for an object whose own fields carry the marks: admitted to masked callers, and not itself recorded as read. */
  readonly byField?: boolean;
}

/** Marks a value as masked at a glance: a masked number is never mistaken for a whole one. */
export const MASK_PREFIX = "••••";

const YEAR = /^(\d{4})(?:$|-)/;
const WHITESPACE = /\s+/u;
const ALL_WHITESPACE = /\s+/gu;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The first user-perceived character of `word` (an accented letter as one), upper-cased. */
function firstGrapheme(word: string): string {
  for (const { segment } of graphemes.segment(word)) return segment.toLocaleUpperCase();
  return "";
}

/** "••••" and the last four characters, spaces removed; "••••" alone when four or fewer would show it all. */
export function lastFour(value: string): string {
  const chars = Array.from(value.replace(ALL_WHITESPACE, ""));
  return chars.length <= 4 ? MASK_PREFIX : MASK_PREFIX + chars.slice(-4).join("");
}

/** The year of a yyyy-mm-dd, yyyy-mm or yyyy date; null for anything else (LIFETIME, an unreadable date). */
export function yearOf(value: string): string | null {
  return YEAR.exec(value.trim())?.[1] ?? null;
}

/** Each name's initial with a full stop, hyphenated parts kept ("Jean-Luc Picard" → "J.-L. P."); null when blank. */
export function initials(value: string): string | null {
  const words = value.trim().split(WHITESPACE).filter((w) => w !== "");
  if (words.length === 0) return null;
  return words
    .map((word) =>
      word
        .split("-")
        .filter((part) => part !== "")
        .map((part) => `${firstGrapheme(part)}.`)
        .join("-"),
    )
    .join(" ");
}

/** A postcode's first part: before the first space ("SW1A 1AA" → "SW1A"), else its first three characters ("90210" → "902"); null when blank. */
export function postcodeFirstPart(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  const space = trimmed.search(WHITESPACE);
  return space > 0 ? trimmed.slice(0, space) : Array.from(trimmed).slice(0, 3).join("");
}

/** A string rule: other JSON types never reach it (the wire check refuses them first), and would show nothing. */
const ofString =
  (mask: (value: string) => string | null) =>
  (value: unknown): string | null =>
    typeof value === "string" ? mask(value) : null;

/** The masking rules a personal field may declare. */
export const Mask = {
  lastFour: { name: "lastFour", shows: `its last four characters after ${MASK_PREFIX} (spaces removed; ${MASK_PREFIX} alone when four or fewer)`, apply: ofString(lastFour) },
  year: { name: "year", shows: "its year (yyyy); null when it has none", apply: ofString(yearOf) },
  initials: { name: "initials", shows: 'initials ("Jane Alice" → "J. A.")', apply: ofString(initials) },
  postcodeFirstPart: { name: "postcodeFirstPart", shows: "the part before the first space, else the first three characters", apply: ofString(postcodeFirstPart) },
  whole: { name: "whole", shows: "whole (coarse enough to show)", apply: (value: unknown) => value, whole: true },
  hidden: { name: "hidden", shows: "null (no error)", apply: (_value: unknown) => null },
  byField: { name: "byField", shows: "the object, each of its fields masked by its own rule", apply: (value: unknown) => value, byField: true },
} as const satisfies Record<string, MaskRule>;
