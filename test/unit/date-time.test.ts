import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { DateTimeScalar, normalizeDateTime } from "../../src/schema/date-time.scalar.js";
import { ErrorCode, messageFor } from "../../src/errors/error-codes.js";

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

  it.each([
    ["2024-02-29T10:00:00Z", "2024-02-29T10:00:00Z"],
    ["2000-02-29T10:00:00Z", "2000-02-29T10:00:00Z"],
    ["2024-02-29", "2024-02-29T00:00:00Z"],
    ["2022-12-31T23:59:59.999999Z", "2022-12-31T23:59:59.999999Z"],
    ["2022-01-01T00:30:00+23:59", "2021-12-31T00:31:00Z"],
    ["2022-01-01T00:30:00-23:59", "2022-01-02T00:29:00Z"],
    ["0050-01-01T00:00:00Z", "0050-01-01T00:00:00Z"],
    ["0050-01-01T00:00:00+00:00", "0050-01-01T00:00:00Z"],
  ])("accepts the real date %s -> %s", (input, output) => {
    expect(normalizeDateTime(input)).toBe(output);
  });

  it.each([
    "2022-02-30T00:00:00Z",
    "2022-02-30",
    "2021-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2022-04-31T00:00:00.5Z",
    "2022-01-01T24:00:00Z",
    "2022-01-01T24:00",
    "2022-01-01T12:60:00Z",
    "2022-01-01T12:00:60Z",
    "2022-01-01T23:59:60Z",
    "2022-00-10T00:00:00Z",
    "2022-01-00T00:00:00Z",
    "2022-00-00",
    "2022-01-01T10:00:00+24:00",
    "2022-01-01T10:00:00-2400",
    "2022-01-01T10:00:00+01:60",
    "2022-01-01T10:00:00.123+02:00Z",
  ])("refuses the impossible %s", (input) => {
    expect(normalizeDateTime(input)).toBeUndefined();
  });

  it.each([["not a date"], [12], [{}], [[]], [null], ["2022-02-30T00:00:00Z"]])(
    "serialising %j throws UPSTREAM_BAD_RESPONSE with the fixed message",
    (value) => {
      let error: unknown;
      try {
        DateTimeScalar.serialize(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions.code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
      expect((error as GraphQLError).message).toBe(messageFor(ErrorCode.UPSTREAM_BAD_RESPONSE));
    },
  );
});
