import { describe, expect, it } from "vitest";
import { initials, lastFour, Mask, MASK_PREFIX, postcodeFirstPart, yearOf } from "../../src/schema/masks.js";

describe("lastFour", () => {
  it.each([
    ["925076473", "••••6473"],
    ["AB 12 34 56 C", "••••456C"],
    ["12345", "••••2345"],
    ["1234", "••••"],
    ["12", "••••"],
    ["", "••••"],
    ["   ", "••••"],
    ["Ж1234😀", "••••234😀"],
  ])("%j → %j", (value, expected) => {
    expect(lastFour(value)).toBe(expected);
  });

  it("never shows more than four characters of the value", () => {
    for (let n = 0; n < 20; n++) {
      const masked = lastFour("9".repeat(n));
      expect(masked.startsWith(MASK_PREFIX)).toBe(true);
      expect(masked.slice(MASK_PREFIX.length).length).toBe(n <= 4 ? 0 : 4);
    }
  });
});

describe("yearOf", () => {
  it.each([
    ["1988-04-12", "1988"],
    ["1988-04", "1988"],
    ["1988", "1988"],
    [" 1988-04-12 ", "1988"],
    ["LIFETIME", null],
    ["", null],
    ["88-04-12", null],
    ["19880412", null],
    ["12/04/1988", null],
  ])("%j → %j", (value, expected) => {
    expect(yearOf(value)).toBe(expected);
  });
});

describe("initials", () => {
  it.each([
    ["Jane Mary Doe", "J. M. D."],
    ["JANE ALICE SPECIMEN", "J. A. S."],
    ["jane", "J."],
    ["  Jane   Doe  ", "J. D."],
    ["Jean-Luc Picard", "J.-L. P."],
    ["Anne--Marie", "A.-M."],
    ["Łukasz Żółć", "Ł. Ż."],
    ["\u0045\u0301mile Zola", "\u0045\u0301. Z."],
    ["ösel", "Ö."],
    ["李 小龍", "李. 小."],
    ["", null],
    ["   ", null],
  ])("%j → %j", (value, expected) => {
    expect(initials(value)).toBe(expected);
  });
});

describe("postcodeFirstPart", () => {
  it.each([
    ["SW1A 1AA", "SW1A"],
    ["SW1A1AA", "SW1"],
    ["  M1 1AE ", "M1"],
    ["90210", "902"],
    ["75008", "750"],
    ["D02 X285", "D02"],
    ["AB", "AB"],
    ["", null],
    ["  ", null],
  ])("%j → %j", (value, expected) => {
    expect(postcodeFirstPart(value)).toBe(expected);
  });
});

describe("Mask rules", () => {
  it("string rules show nothing of a value that is not a string", () => {
    for (const rule of [Mask.lastFour, Mask.year, Mask.initials, Mask.postcodeFirstPart]) {
      expect(rule.apply(12345678)).toBeNull();
      expect(rule.apply({ value: "x" })).toBeNull();
    }
  });

  it("hidden shows nothing; whole and byField show the value as it is", () => {
    const value = { line1: "P<GBR" };
    expect(Mask.hidden.apply(value)).toBeNull();
    expect(Mask.whole.apply("GBR")).toBe("GBR");
    expect(Mask.byField.apply(value)).toBe(value);
  });

  it("every rule has a name and says what it shows", () => {
    for (const [key, rule] of Object.entries(Mask)) {
      expect(rule.name).toBe(key);
      expect(rule.shows.length).toBeGreaterThan(3);
    }
  });
});
