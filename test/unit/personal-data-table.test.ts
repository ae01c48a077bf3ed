import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { personalDataDoc, personalDataTable, README_MARKERS, withReadmeTable } from "../../src/schema/personal-data-table.js";

describe("the personal-data table", () => {
  it("docs/personal-data.md is what the declarations emit (run `npm run schema` after changing a @Personal)", async () => {
    expect(readFileSync(new URL("../../docs/personal-data.md", import.meta.url), "utf8")).toBe(await personalDataDoc());
  });

  it("README.md holds the same table between its markers", async () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(withReadmeTable(readme, await personalDataTable())).toBe(readme);
  });

  it("replacing the table needs both markers", () => {
    expect(() => withReadmeTable("no markers here", "| x |")).toThrow(/markers/);
    expect(withReadmeTable(`a\n${README_MARKERS.start}\nold\n${README_MARKERS.end}\nb`, "| new |\n")).toBe(`a\n${README_MARKERS.start}\n\n| new |\n\n${README_MARKERS.end}\nb`);
  });
});
