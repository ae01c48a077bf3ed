import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.js";

describe("ConfigError", () => {
  it("is `VARIABLE: fix`, named ConfigError", () => {
    const error = new ConfigError("PORT", "must be a number");
    expect(error.message).toBe("PORT: must be a number");
    expect(error.variable).toBe("PORT");
    expect(error.name).toBe("ConfigError");
    expect(error).toBeInstanceOf(Error);
  });

  it("turns every control and line-separator character into ?, and leaves printable text alone", () => {
    const controls = ["\u0000", "\u0007", "\n", "\r", "\u001f", "\u007f", "\u0085", "\u009f", "\u2028", "\u2029"];
    expect(new ConfigError("X", `a${controls.join("b")}c`).message).toBe(`X: a${controls.map(() => "?").join("b")}c`);
    const printable = " ~\u00a0é\u2027\u202a\u00ff";
    expect(new ConfigError("X", printable).message).toBe(`X: ${printable}`);
  });

  it("keeps a fix of 300 characters whole and cuts a longer one at 300", () => {
    expect(new ConfigError("X", "a".repeat(300)).message).toBe(`X: ${"a".repeat(300)}`);
    expect(new ConfigError("X", `${"a".repeat(300)}b`).message).toBe(`X: ${"a".repeat(300)}...`);
  });
});
