import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "emulator" ? [] : sources(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

// Every error text lives in src/upstream/error-codes.ts (messageFor, Explain); code elsewhere names one.
const INLINE_TEXT = [
  /codedError\(\s*ErrorCode\.\w+\s*,\s*["'`]/,
  /graphqlErrorBody\(\s*["'`]/,
  /new GraphQLError\(\s*["'`]/,
  /new HttpRequestError\(\s*\d+\s*,\s*["'`]/,
  /refuse\w*\([^)]*,\s*["'`]/,
  /invalid:\s*["'`]/,
];

describe("error texts", () => {
  it("no gateway module writes an error text of its own: each comes from the catalogue", () => {
    const offenders = sources(SRC)
      .filter((file) => !file.endsWith("error-codes.ts"))
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .map((line, i) => ({ file: file.slice(SRC.length), line: i + 1, text: line.trim() }))
          .filter(({ text }) => !text.startsWith("//") && !text.startsWith("*") && INLINE_TEXT.some((re) => re.test(text))),
      );
    expect(offenders).toEqual([]);
  });
});
