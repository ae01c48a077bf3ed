import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/errors/error-codes.js";
import { isPlainObject, parseSessionBody } from "../../src/upstream/parse-session.js";
import { UpstreamError } from "../../src/upstream/upstream-error.js";
import { RESOURCE_LIST_KEYS } from "../../src/upstream/wire/index.js";

/** The UpstreamError parseSessionBody throws for this body. */
function refusal(body: unknown, status = 200): UpstreamError {
  try {
    parseSessionBody(typeof body === "string" ? body : JSON.stringify(body), status);
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  }
  throw new Error("expected an UpstreamError");
}

describe("isPlainObject", () => {
  it("is true for JSON objects only", () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject({ a: 1 })).toBe(true);
    for (const value of [null, undefined, [], [{}], "x", 1, true]) expect(isPlainObject(value)).toBe(false);
  });
});

describe("parseSessionBody", () => {
  it("returns the parsed session, checks and resources as sent", () => {
    const body = { session_id: "s", checks: [{ id: "c" }], resources: { id_documents: [{ id: "d", tasks: [{ id: "t" }] }], liveness_capture: null } };
    expect(parseSessionBody(JSON.stringify(body), 200)).toEqual(body);
  });

  it("absent or null lists are fine", () => {
    expect(parseSessionBody("{}", 200)).toEqual({});
    expect(parseSessionBody(JSON.stringify({ checks: null, resources: null }), 200)).toEqual({ checks: null, resources: null });
    const lists = Object.fromEntries(RESOURCE_LIST_KEYS.map((key) => [key, null]));
    expect(parseSessionBody(JSON.stringify({ resources: lists }), 200)).toEqual({ resources: lists });
    expect(parseSessionBody(JSON.stringify({ resources: { id_documents: [{ tasks: null }, {}] } }), 200).resources?.id_documents).toHaveLength(2);
  });

  it("an empty array for resources is read as an empty object (as Yoti's Node SDK does)", () => {
    expect(parseSessionBody(JSON.stringify({ resources: [] }), 200)).toEqual({ resources: {} });
  });

  it("refuses a body that is not JSON, with the status it came with and no body in the message", () => {
    const error = refusal('{"session_id": "ab', 200);
    expect(error.code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
    expect(error.status).toBe(200);
    expect(error.endpoint).toBe("GET /sessions/:id");
    expect(error.message).not.toContain("session_id");
  });

  it.each([
    ["an array", [{ session_id: "s" }]],
    ["null", null],
    ["a string", "session"],
    ["a number", 7],
    ["checks as an object", { checks: { id: "c" } }],
    ["checks holding a string", { checks: [{}, "c"] }],
    ["checks holding null", { checks: [null] }],
    ["checks holding a list", { checks: [[]] }],
    ["resources as a non-empty array", { resources: [{}] }],
    ["resources as a string", { resources: "none" }],
    ["resources as a number", { resources: 0 }],
    ["tasks as an object", { resources: { id_documents: [{ tasks: { id: "t" } }] } }],
    ["tasks holding a number", { resources: { id_documents: [{ tasks: [{}, 1] }] } }],
    ["one document's tasks bad, another's fine", { resources: { id_documents: [{ tasks: [{}] }, { tasks: "t" }] } }],
  ])("refuses %s", (_what, body) => {
    const error = refusal(body, 206);
    expect(error.code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
    expect(error.status).toBe(206);
  });

  it.each(RESOURCE_LIST_KEYS)("refuses resources.%s that is not a list of objects", (key) => {
    expect(refusal({ resources: { [key]: { id: "x" } } }).code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
    expect(refusal({ resources: { [key]: ["x"] } }).code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
    expect(refusal({ resources: { [key]: [{ tasks: "x" }] } }).code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
  });
});
