import { describe, expect, it } from "vitest";
import { documentNesting } from "../../src/server/graphql/document-nesting.js";

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
    // Each skipped part (comment, string, block string) ends where it should, and the count goes on after it.
    ["{ a } # [[[[[[[[ no newline at the end", 1],
    ["{ a } # [[[[\n{ b { c } }", 2],
    ["{ a } # [[[[\r{ b { c } }", 2],
    ['{ a(s: "abc") { b { c } } }', 3],
    ['{ a(s: "[") { b { c } } }', 3],
    ['{ a(s: "unterminated\n) { b { c } } }', 3],
    ['{ a(s: "unterminated at the end [[[[', 2],
    ['{ a(s: """x""") { b { c } } }', 3],
    ['{ a(s: """ { " [[ """) }', 2],
    ['{ a(s: """ \\""" [[ """) { b { c } } }', 3],
    ['{ a(s: """ unterminated [[[[', 2],
  ])("%s -> %i", (text, depth) => {
    expect(documentNesting(text)).toBe(depth);
  });
});
