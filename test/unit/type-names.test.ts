import "reflect-metadata";
import { isInterfaceType } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { describe, expect, it } from "vitest";
import type { ResolverContext } from "../../src/schema/resolver-context.js";
import { buildGatewaySchema } from "../../src/schema/build-schema.js";
import { CHECK_TYPE_NAMES, checkTypeName } from "../../src/schema/check.js";
import { LIVENESS_TYPE_NAMES, TYPE_BY_KIND, livenessTypeName, resourceTypeName } from "../../src/schema/resource.js";
import { TASK_TYPE_NAMES, taskTypeName } from "../../src/schema/task.js";
import type { WireCheck, WireLivenessCapture, WireTask } from "../../src/upstream/wire/index.js";

// Names an object-literal table would answer with Object.prototype's members.
const PROTOTYPE_NAMES = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf", "isPrototypeOf", "__defineGetter__"];
// Not strings: absent, null, a number, an object, an array whose String() is a known type, a boolean.
const NOT_STRINGS: unknown[] = [undefined, null, 12, {}, { toString: "LIVENESS" }, ["LIVENESS"], ["ZOOM"], ["VERIFY_SHARE_CODE_TASK"], true];

/** A wire object carrying `value` under `key`, whatever its JSON type (the wire types say string). */
function wire<T>(key: string, value: unknown): T {
  return (value === undefined ? {} : { [key]: value }) as T;
}

describe("type-name lookups no prototype name or non-string reaches", () => {
  it.each(PROTOTYPE_NAMES)("%s names no type in any table", (name) => {
    for (const table of [CHECK_TYPE_NAMES, TASK_TYPE_NAMES, LIVENESS_TYPE_NAMES, TYPE_BY_KIND as ReadonlyMap<string, string>]) {
      expect(table.get(name)).toBeUndefined();
    }
    expect(checkTypeName(wire<WireCheck>("type", name))).toBe("GenericCheck");
    expect(taskTypeName(wire<WireTask>("type", name))).toBe("GenericTask");
    expect(livenessTypeName(wire<WireLivenessCapture>("liveness_type", name))).toBe("GenericLivenessCapture");
  });

  it.each(NOT_STRINGS.map((v) => [JSON.stringify(v) ?? "absent", v]))("a %s type is the Generic type", (_, value) => {
    expect(checkTypeName(wire<WireCheck>("type", value))).toBe("GenericCheck");
    expect(taskTypeName(wire<WireTask>("type", value))).toBe("GenericTask");
    expect(livenessTypeName(wire<WireLivenessCapture>("liveness_type", value))).toBe("GenericLivenessCapture");
  });

  it("known strings still pick their types", () => {
    expect(checkTypeName({ type: "LIVENESS" })).toBe("LivenessCheck");
    expect(checkTypeName({ type: "WATCHLIST_ADVANCED_CA" })).toBe("WatchlistAdvancedCaCheck");
    expect(taskTypeName({ type: "VERIFY_SHARE_CODE_TASK" })).toBe("VerifyShareCodeTask");
    expect(livenessTypeName({ liveness_type: "ZOOM" })).toBe("ZoomLivenessCapture");
    expect(CHECK_TYPE_NAMES.size).toBe(11);
  });

  it("resources go by their list, and liveness captures by a known string liveness_type", () => {
    const contextFor = (kind: string | undefined) => ({ loaders: { links: { kindOf: () => kind } } }) as unknown as ResolverContext;
    expect(resourceTypeName({}, contextFor("id_documents"))).toBe("IdDocument");
    expect(resourceTypeName({}, contextFor("constructor"))).toBeUndefined();
    expect(resourceTypeName({}, contextFor(undefined))).toBeUndefined();
    expect(resourceTypeName(wire("liveness_type", "constructor"), contextFor("liveness_capture"))).toBe("GenericLivenessCapture");
    expect(resourceTypeName(wire("liveness_type", "STATIC"), contextFor("liveness_capture"))).toBe("StaticLivenessCapture");
  });
});

describe("resolveType has one source", () => {
  it("the built schema's interfaces use the decorators' functions themselves (synchronous, not type-graphql's async wrapper)", async () => {
    const schema = await buildGatewaySchema();
    const expected = { Check: checkTypeName, Task: taskTypeName, LivenessCapture: livenessTypeName, Resource: resourceTypeName };
    for (const [name, resolve] of Object.entries(expected)) {
      const type = schema.getType(name);
      expect(isInterfaceType(type) && type.resolveType).toBe(resolve);
    }
  });

  it("every interface declaring a resolveType gets exactly the function its decorator names", async () => {
    const schema = await buildGatewaySchema();
    const declared = getMetadataStorage().interfaceTypes.filter((i) => i.resolveType !== undefined);
    expect(declared.map((i) => i.name).sort()).toEqual(["Check", "LivenessCapture", "Resource", "Task"]);
    for (const { name, resolveType } of declared) {
      const type = schema.getType(name);
      expect(isInterfaceType(type) && type.resolveType).toBe(resolveType);
    }
  });
});
