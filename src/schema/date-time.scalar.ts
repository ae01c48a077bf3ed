import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

const UTC_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const PATTERN =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Normalises an upstream RFC 3339 string to UTC `...Z`, keeping every fraction digit Yoti sent
 * (microseconds survive; a JS Date would cut them to milliseconds). A missing zone is read as
 * UTC, as Yoti's PHP and Python SDKs do; a date alone is midnight UTC.
 */
export function normalizeDateTime(value: string): string | undefined {
  // Fast path: what Yoti sends is almost always already UTC with `Z`; only the calendar needs checking.
  if (UTC_Z.test(value) && !Number.isNaN(Date.parse(value.slice(0, 19) + "Z"))) return value;
  const m = PATTERN.exec(value.trim());
  if (!m) return undefined;
  const [, date, hm = "00:00", ss = "00", fraction = "", zone = "Z"] = m;
  const whole = Date.parse(`${date}T${hm}:${ss}${zone.toUpperCase() === "Z" ? "Z" : zone}`);
  if (Number.isNaN(whole)) return undefined;
  return `${new Date(whole).toISOString().slice(0, 19)}${fraction}Z`;
}

/** ISO-8601 date-times in UTC with the upstream's sub-second precision. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: "DateTime",
  description: "An ISO-8601 date-time in UTC (e.g. 2022-03-29T11:39:08.473123Z), with the sub-second precision Yoti sent.",
  serialize(value) {
    const normalized = typeof value === "string" ? normalizeDateTime(value) : undefined;
    if (normalized === undefined) throw new GraphQLError("DateTime cannot represent the upstream value");
    return normalized;
  },
  parseValue(value) {
    const normalized = typeof value === "string" ? normalizeDateTime(value) : undefined;
    if (normalized === undefined) throw new GraphQLError("DateTime must be an ISO-8601 string");
    return normalized;
  },
  parseLiteral(ast) {
    const normalized = ast.kind === Kind.STRING ? normalizeDateTime(ast.value) : undefined;
    if (normalized === undefined) throw new GraphQLError("DateTime must be an ISO-8601 string");
    return normalized;
  },
});
