import { describe, expect, it } from "vitest";
import { documentNesting } from "../../src/server/document-nesting.js";

describe("document nesting, counted before parsing", () => {
  it.each([
    ["{ a }", 1],
    ["{ a { b(x: [1, [2]]) } }", 5],
    ['{ a(s: "[[[[[[") }', 2],
    ['{ a(s: "\\"[[[[") }', 2],
    ['{ a(s: "\\\\", t: [1]) }', 3],
    ['{ a(s: """ {{{ \\""" [[[ """) }', 2],
    ["{ a } # [[[[[[[[\n{ b }", 1],
    [`{ s(ids: ${"[".repeat(2_000)}${"]".repeat(2_000)}) { id } }`, 2_002],
  ])("%s -> %i", (text, depth) => {
    expect(documentNesting(text)).toBe(depth);
  });
});
