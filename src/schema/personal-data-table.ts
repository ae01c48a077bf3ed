import { buildGatewaySchema } from "./build-schema.js";
import { personalFields, type PersonalField } from "./personal-data.js";

/** Where docs/audit.md (its masking table) holds the generated table. */
export const TABLE_MARKERS = { start: "<!-- personal-data:start (npm run schema) -->", end: "<!-- personal-data:end -->" } as const;

function maskedAs(field: PersonalField): string {
  if (field.mask) return field.mask.shows;
  return "refused (`FORBIDDEN`)";
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/** The markdown table of the schema's personal fields (coordinate, what it holds, scope, masked as), from their declarations. */
export async function personalDataTable(): Promise<string> {
  // Building loads every class of the schema and checks every declaration names a field.
  await buildGatewaySchema();
  const rows = personalFields().map((f) => `| \`${f.coordinate}\` | ${escapeCell(f.holds)} | \`${f.scope}\` | ${escapeCell(maskedAs(f))} |`);
  return ["| coordinate | what it holds | shown whole with | masked as (`pii:masked`) |", "| --- | --- | --- | --- |", ...rows].join("\n") + "\n";
}

/** docs/personal-data.md: the table and how to read it. */
export async function personalDataDoc(): Promise<string> {
  return `<!-- Emitted from the @Personal declarations in src/schema by \`npm run schema\`; do not edit by hand. -->

# Personal data in the schema

Every field below is declared personal beside its definition (\`@Personal\`, src/schema/personal-data.ts).
When it resolves to a value, the operation's access record notes its coordinate and its path in the
answer (\`Media.url\` notes the media id whose link was issued); a refusal is noted too.

A caller with \`pii:read\` sees every value whole. A caller with \`pii:masked\` (and not \`pii:read\`)
sees each value as its mask says; a field with no mask is null with \`FORBIDDEN\` for it. A caller
with neither gets \`FORBIDDEN\` on every \`pii:read\` field. Fields shown whole with another scope
(\`media:read\`, \`devices:read\`) need that scope, and are masked (here: refused) for \`pii:masked\`
callers all the same. An object masked "by field" is given to masked callers, and its own marked
fields are masked one by one; its unmarked fields show whole.

${await personalDataTable()}`;
}

/** `page` with the text between the personal-data markers replaced by `table`; throws when the markers are missing. */
export function withTable(page: string, table: string): string {
  const start = page.indexOf(TABLE_MARKERS.start);
  const end = page.indexOf(TABLE_MARKERS.end);
  if (start < 0 || end < start) throw new Error(`the page lacks the markers ${TABLE_MARKERS.start} ... ${TABLE_MARKERS.end}`);
  return `${page.slice(0, start + TABLE_MARKERS.start.length)}\n\n${table}\n${page.slice(end)}`;
}
