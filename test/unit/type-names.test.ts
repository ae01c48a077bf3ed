import "reflect-metadata";
import { isInterfaceType, type GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { beforeAll, describe, expect, it } from "vitest";
import type { ResolverContext } from "../../src/schema/resolver-context.js";
import { buildGatewaySchema } from "../../src/schema/build-schema.js";
import { CHECK_TYPE_NAMES, checkTypeName } from "../../src/schema/check.js";
import { LIVENESS_TYPE_NAMES, TYPE_BY_KIND, livenessTypeName, resourceTypeName } from "../../src/schema/resource.js";
import { TASK_TYPE_NAMES, taskTypeName } from "../../src/schema/task.js";
import { REQUIRED_RESOURCE_TYPE_NAMES, requiredResourceTypeName } from "../../src/schema/configuration.js";
import type { WireCheck, WireLivenessCapture, WireRequiredResource, WireTask } from "../../src/upstream/wire/index.js";
import { demoSessions } from "../support/demo-data.js";
import { sdkFixtureSessions } from "../support/sdk-fixtures.js";
import { derivedTypeName, expectedTypeName, specificTypes, wireTypeStrings, type TypeFamily } from "../support/type-names.js";
import { sdkKnowsCheckType, sdkKnowsLivenessType, sdkKnowsTaskType } from "../support/yoti-sdk.js";

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
    for (const table of [CHECK_TYPE_NAMES, TASK_TYPE_NAMES, LIVENESS_TYPE_NAMES, REQUIRED_RESOURCE_TYPE_NAMES, TYPE_BY_KIND as ReadonlyMap<string, string>]) {
      expect(table.get(name)).toBeUndefined();
    }
    expect(requiredResourceTypeName(wire<WireRequiredResource>("type", name))).toBe("GenericRequiredResource");
    expect(checkTypeName(wire<WireCheck>("type", name))).toBe("GenericCheck");
    expect(taskTypeName(wire<WireTask>("type", name))).toBe("GenericTask");
    expect(livenessTypeName(wire<WireLivenessCapture>("liveness_type", name))).toBe("GenericLivenessCapture");
  });

  it.each(NOT_STRINGS.map((v) => [JSON.stringify(v) ?? "absent", v]))("a %s type is the Generic type", (_, value) => {
    expect(requiredResourceTypeName(wire<WireRequiredResource>("type", value))).toBe("GenericRequiredResource");
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
    // The Node SDK's four required-resource types (api doc §3.5); LIVENESS whatever its liveness_type, as Node does.
    expect(["ID_DOCUMENT", "SUPPLEMENTARY_DOCUMENT", "LIVENESS", "FACE_CAPTURE"].map((type) => requiredResourceTypeName({ type }))).toEqual([
      "RequiredIdDocument",
      "RequiredSupplementaryDocument",
      "RequiredLiveness",
      "RequiredFaceCapture",
    ]);
    expect(requiredResourceTypeName({ type: "LIVENESS", liveness_type: "STATIC" })).toBe("RequiredLiveness");
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
    expect(declared.map((i) => i.name).sort()).toEqual(["Check", "LivenessCapture", "RequiredResource", "Resource", "Task"]);
    for (const { name, resolveType } of declared) {
      const type = schema.getType(name);
      expect(isInterfaceType(type) && type.resolveType).toBe(resolveType);
    }
  });
});

// The expectations come from outside the production tables: the type strings Yoti sends (the emulator's
// demo sessions, and the SDK repositories' fixtures when present), the schema's naming convention, and
// the official Node SDK's own parsers. A table entry missing, misspelt or extra fails here.
describe("every type string upstream sends picks the type its name derives to, or the Generic type", () => {
  const upstream = wireTypeStrings([...demoSessions(), ...sdkFixtureSessions()].map((s) => s.body));
  const resolvers: Record<TypeFamily, (type: unknown) => string> = {
    Check: (type) => checkTypeName(wire<WireCheck>("type", type)),
    Task: (type) => taskTypeName(wire<WireTask>("type", type)),
    LivenessCapture: (type) => livenessTypeName(wire<WireLivenessCapture>("liveness_type", type)),
  };
  const families = Object.keys(resolvers) as TypeFamily[];
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildGatewaySchema();
  });

  it("the naming convention, on the documented examples", () => {
    expect(derivedTypeName("ID_DOCUMENT_TEXT_DATA_CHECK", "Check")).toBe("IdDocumentTextDataCheck");
    expect(derivedTypeName("THIRD_PARTY_IDENTITY_FRAUD_1", "Check")).toBe("ThirdPartyIdentityFraud1Check");
    expect(derivedTypeName("VERIFY_SHARE_CODE_TASK", "Task")).toBe("VerifyShareCodeTask");
    expect(derivedTypeName("ZOOM", "LivenessCapture")).toBe("ZoomLivenessCapture");
    expect(derivedTypeName("liveness", "Check")).toBeUndefined();
  });

  it.each(families)("%s: each string resolves to the schema's type of its derived name, the rest to the Generic type", (family) => {
    expect(upstream[family].length).toBeGreaterThan(0);
    for (const type of upstream[family]) expect(resolvers[family](type), type).toBe(expectedTypeName(schema, type, family));
  });

  it.each(families)("%s: every concrete type of the schema is picked by some string upstream sends, and some string is Generic", (family) => {
    const picked = new Set(upstream[family].map((type) => expectedTypeName(schema, type, family)));
    expect(specificTypes(schema, family).filter((name) => !picked.has(name))).toEqual([]);
    expect(picked).toContain(`Generic${family}`);
  });

  it("checks and liveness captures have their own type exactly where the Node SDK has its own class (11 check types, as documented)", () => {
    const ours = (family: TypeFamily, type: string) => expectedTypeName(schema, type, family) !== `Generic${family}`;
    for (const type of upstream.Check) expect(ours("Check", type), type).toBe(sdkKnowsCheckType(type));
    for (const type of upstream.LivenessCapture) expect(ours("LivenessCapture", type), type).toBe(sdkKnowsLivenessType(type));
    // The gateway knows one task type more than the SDK (share codes): every SDK task type is known here too.
    for (const type of upstream.Task.filter(sdkKnowsTaskType)) expect(ours("Task", type), type).toBe(true);
    expect(upstream.Check.filter(sdkKnowsCheckType)).toHaveLength(11);
    expect(specificTypes(schema, "Check")).toHaveLength(11);
  });

  it.each(families)("%s: a known string in another case, or padded, is the Generic type", (family) => {
    const known = upstream[family].filter((type) => expectedTypeName(schema, type, family) !== `Generic${family}`);
    expect(known.length).toBeGreaterThan(0);
    for (const type of known) {
      for (const variant of [type.toLowerCase(), ` ${type}`, `${type} `]) expect(resolvers[family](variant), variant).toBe(`Generic${family}`);
    }
  });
});
