import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportHeader, exportLine } from "../../src/audit/export-line.js";
import { chain } from "../support/audit-chain-fixture.js";
import { auditVerify } from "../support/audit-verify-cli.js";
import { tempDir } from "../support/temp-files.js";

describe("npm run audit:verify", () => {
  const dir = tempDir("idv-audit-cli-");
  const write = (name: string, lines: string[]) => {
    const file = join(dir, name);
    writeFileSync(file, lines.join("\n") + "\n");
    return file;
  };

  it("--file: an intact export verifies (exit 0); an edited line fails naming its seq (exit 1)", async () => {
    const events = chain(5);
    const good = write("good.jsonl", [exportHeader({ seq: "0", hash: "0".repeat(64) }), ...events.map(exportLine)]);
    expect(await auditVerify(["--file", good])).toMatchObject({ code: 0, stdout: "ok: 5 events verified (seq 1..5), from the export's checkpoint\n" });
    const lines = events.map(exportLine);
    lines[1] = lines[1]!.replace('"masked":false', '"masked":true');
    const bad = write("bad.jsonl", lines);
    expect(await auditVerify(["--file", bad])).toMatchObject({ code: 1, stdout: "FAILED at seq 2: hash does not match the event's contents\n" });
  });

  it("--file from mid-chain says the start was trusted", async () => {
    const file = write("mid.jsonl", chain(5).slice(2).map(exportLine));
    const { code, stdout } = await auditVerify(["--file", file]);
    expect(code).toBe(0);
    expect(stdout).toContain("ok: 3 events verified (seq 3..5), starting mid-chain");
  });

  it("usage errors exit 2", async () => {
    expect(await auditVerify(["--nope", "x"])).toMatchObject({ code: 2 });
    expect(await auditVerify(["--file"])).toMatchObject({ code: 2 });
  });
});
