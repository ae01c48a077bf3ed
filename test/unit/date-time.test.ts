import { describe, expect, it } from "vitest";
import { normalizeDateTime } from "../../src/schema/date-time.scalar.js";

describe("DateTime normalisation", () => {
  it.each([
    ["2022-01-14T14:54:36Z", "2022-01-14T14:54:36Z"],
    ["2022-03-29T11:39:08.473Z", "2022-03-29T11:39:08.473Z"],
    ["2006-01-02T22:04:05.123456Z", "2006-01-02T22:04:05.123456Z"],
    ["2006-01-02T22:04:05.123456789Z", "2006-01-02T22:04:05.123456789Z"],
    ["2006-01-02T23:04:05.1+01:00", "2006-01-02T22:04:05.1Z"],
    ["2006-01-03T00:04:05.123456+0200", "2006-01-02T22:04:05.123456Z"],
    ["2022-01-14T14:54:36.123456", "2022-01-14T14:54:36.123456Z"],
    ["2022-01-14", "2022-01-14T00:00:00Z"],
  ])("%s -> %s", (input, output) => {
    expect(normalizeDateTime(input)).toBe(output);
  });

  it.each(["", "yesterday", "2022-13-45T00:00:00Z", "1700000000000"])("rejects %j", (input) => {
    expect(normalizeDateTime(input)).toBeUndefined();
  });
});
