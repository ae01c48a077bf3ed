import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { personalDataDoc, personalDataTable, TABLE_MARKERS, withTable } from "../../src/schema/personal-data-table.js";

describe("the personal-data table", () => {
  it("docs/personal-data.md is what the declarations emit (run `npm run schema` after changing a @Personal)", async () => {
    expect(readFileSync(new URL("../../docs/personal-data.md", import.meta.url), "utf8")).toBe(await personalDataDoc());
  });

  it("docs/audit.md holds the same table (its masking table) between its markers", async () => {
    const page = readFileSync(new URL("../../docs/audit.md", import.meta.url), "utf8");
    expect(withTable(page, await personalDataTable())).toBe(page);
  });

  it("replacing the table needs both markers", () => {
    expect(() => withTable("no markers here", "| x |")).toThrow(/markers/);
    expect(withTable(`a\n${TABLE_MARKERS.start}\nold\n${TABLE_MARKERS.end}\nb`, "| new |\n")).toBe(`a\n${TABLE_MARKERS.start}\n\n| new |\n\n${TABLE_MARKERS.end}\nb`);
  });
});
