import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { configError } from "../support/config-errors.js";
import { tempDir } from "../support/temp-files.js";

const MANIFEST = new URL("../../test/generated/persisted-documents.json", import.meta.url);
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const DOC = "query One($id: ID!) { session(id: $id) { id state } }";
let dir: string;

beforeAll(() => {
  dir = tempDir("idv-graph-trusted-");
});

/** Writes a manifest file and returns its path. */
function manifest(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("GATEWAY_TRUSTED_DOCUMENTS_FILE", () => {
  it("loads the manifest codegen writes for test/operations: one document per operation, keyed by the SHA-256 of its text", () => {
    const written = JSON.parse(readFileSync(MANIFEST, "utf8")) as Record<string, string>;
    const config = loadConfig({ GATEWAY_TRUSTED_DOCUMENTS_FILE: MANIFEST.pathname });
    expect(config.server.trustedDocuments?.size).toBe(Object.keys(written).length);
    for (const [key, text] of Object.entries(written)) {
      expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(config.server.trustedDocuments?.get(key.slice("sha256:".length))).toBe(text);
    }
  });

  it("accepts bare hex keys, in either case", () => {
    const config = loadConfig({ GATEWAY_TRUSTED_DOCUMENTS_FILE: manifest("bare.json", { [sha(DOC).toUpperCase()]: DOC }) });
    expect([...config.server.trustedDocuments!]).toEqual([[sha(DOC), DOC]]);
  });

  it("is off when unset or blank", () => {
    expect(loadConfig({}).server.trustedDocuments).toBeUndefined();
    expect(loadConfig({ GATEWAY_TRUSTED_DOCUMENTS_FILE: "  " }).server.trustedDocuments).toBeUndefined();
  });

  it.each([
    ["a missing file", () => join(dir, "nope.json"), /cannot read .*nope\.json/],
    ["not JSON", () => manifest("text.json", "query { x }"), /is not JSON/],
    ["an array", () => manifest("array.json", [DOC]), /must hold one JSON object/],
    ["null", () => manifest("null.json", "null"), /must hold one JSON object/],
    ["a JSON string", () => manifest("string.json", JSON.stringify(DOC)), /must hold one JSON object/],
    ["a JSON number", () => manifest("number-only.json", "7"), /must hold one JSON object/],
    ["no documents", () => manifest("empty.json", {}), /lists no documents/],
    ["a key that is not a SHA-256", () => manifest("md5.json", { ["md5:" + "a".repeat(32)]: DOC }), /entry 1 .*the key must be "sha256:" and 64 hex digits/],
    ["a value that is not a document", () => manifest("number.json", { [sha(DOC)]: 42 }), /entry 1 .*the value must be the document's text/],
    ["a blank document (its key the hash of its blanks)", () => manifest("blank.json", { [sha(DOC)]: DOC, [sha("  ")]: "  " }), /entry 2 .*the value must be the document's text/],
    [
      "a key that is not the hash of its text (an edited document)",
      () => manifest("edited.json", { [`sha256:${sha("{ __typename }")}`]: "{ __typename }", [`sha256:${sha(DOC)}`]: DOC.replace("state", "clientSessionToken") }),
      /entry 2 .*the key is not the SHA-256 of the document's text/,
    ],
  ])("%s stops the gateway with one line naming the variable", (_name, path, fix) => {
    const error = configError({ GATEWAY_TRUSTED_DOCUMENTS_FILE: path() });
    expect(error.variable).toBe("GATEWAY_TRUSTED_DOCUMENTS_FILE");
    expect(error.message).toMatch(/^GATEWAY_TRUSTED_DOCUMENTS_FILE: /);
    expect(error.message).toMatch(fix);
    expect(error.message).not.toContain("\n");
    // The document text never reaches the message.
    expect(error.message).not.toContain("session(id");
  });

  it("cannot be combined with GATEWAY_FEDERATION=true (a router's fetches are never in a frontend's manifest)", () => {
    const error = configError({ GATEWAY_TRUSTED_DOCUMENTS_FILE: MANIFEST.pathname, GATEWAY_FEDERATION: "true" });
    expect(error.message).toMatch(/^GATEWAY_TRUSTED_DOCUMENTS_FILE: cannot be combined with GATEWAY_FEDERATION=true/);
  });
});

describe("GATEWAY_FEDERATION", () => {
  it("is off by default, on with true, and refuses anything else", () => {
    expect(loadConfig({}).server.federation).toBe(false);
    expect(loadConfig({ GATEWAY_FEDERATION: "true" }).server.federation).toBe(true);
    expect(loadConfig({ GATEWAY_FEDERATION: "false" }).server.federation).toBe(false);
    expect(configError({ GATEWAY_FEDERATION: "yes" }).variable).toBe("GATEWAY_FEDERATION");
  });
});
