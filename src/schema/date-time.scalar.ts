import { GraphQLScalarType, Kind } from "graphql";
import { ErrorCode } from "../errors/error-codes.js";
import { Explain } from "../errors/explain.js";
import { codedError } from "../errors/coded-error.js";

const UTC_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The two-digit number at `at` (the caller has matched digits there). */
function twoDigits(value: string, at: number): number {
  return (value.charCodeAt(at) - 48) * 10 + value.charCodeAt(at + 1) - 48;
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Whether the fields name a real date and time. Date.parse rolls 2022-02-30 over to March and
 * takes 24:00 as the next midnight, so the fields are checked themselves. A leap second (:60)
 * is refused: a JS Date cannot hold it, and Yoti's timestamps come from clocks that smear them.
 */
function isRealDateTime(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59;
}

/**
 * Normalises an upstream RFC 3339 string to UTC `...Z`, keeping every fraction digit Yoti sent
 * (microseconds survive; a JS Date would cut them to milliseconds). A missing zone is read as
 * UTC, as Yoti's PHP and Python SDKs do; a date alone is midnight UTC. Impossible dates and times
 * (2022-02-30, 24:00, an offset of +24:00) are refused.
 */
export function normalizeDateTime(value: string): string | undefined {
  // Fast path: what Yoti sends is almost always already UTC with `Z`; only the calendar needs checking.
  if (UTC_Z.test(value)) {
    const year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
    const real = isRealDateTime(year, twoDigits(value, 5), twoDigits(value, 8), twoDigits(value, 11), twoDigits(value, 14), twoDigits(value, 17));
    return real ? value : undefined;
  }
  const m = PATTERN.exec(value.trim());
  if (!m) return undefined;
  const [, year = "", month = "", day = "", hour = "00", minute = "00", second = "00", fraction = "", zone = "Z"] = m;
  if (!isRealDateTime(+year, +month, +day, +hour, +minute, +second)) return undefined;
  const utc = zone.toUpperCase() === "Z";
  if (!utc && (+zone.slice(1, 3) > 23 || +zone.slice(-2) > 59)) return undefined;
  const whole = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${utc ? "Z" : zone}`);
  if (Number.isNaN(whole)) return undefined;
  return `${new Date(whole).toISOString().slice(0, 19)}${fraction}Z`;
}

/** ISO-8601 date-times in UTC with the upstream's sub-second precision. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: "DateTime",
  description: "An ISO-8601 date-time in UTC (e.g. 2022-03-29T11:39:08.473123Z), with the sub-second precision Yoti sent.",
  serialize(value) {
    const normalized = typeof value === "string" ? normalizeDateTime(value) : undefined;
    // Output values only ever come from Yoti: a bad one is Yoti's, and the fixed message never echoes it.
    if (normalized === undefined) throw codedError(ErrorCode.UPSTREAM_BAD_RESPONSE);
    return normalized;
  },
  parseValue(value) {
    const normalized = typeof value === "string" ? normalizeDateTime(value) : undefined;
    if (normalized === undefined) throw codedError(ErrorCode.BAD_USER_INPUT, Explain.dateTimeArgument);
    return normalized;
  },
  parseLiteral(ast) {
    const normalized = ast.kind === Kind.STRING ? normalizeDateTime(ast.value) : undefined;
    if (normalized === undefined) throw codedError(ErrorCode.BAD_USER_INPUT, Explain.dateTimeArgument);
    return normalized;
  },
});
