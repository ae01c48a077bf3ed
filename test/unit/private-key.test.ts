import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { tempDir } from "../support/temp-files.js";

// The key file's bytes are wiped once parsed: readFileSync keeps its real behaviour, the test only
// keeps a reference to the buffer it returned.
const reads = vi.hoisted(() => [] as Buffer[]);
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return {
    ...actual,
    readFileSync: (...args: Parameters<typeof actual.readFileSync>) => {
      const result = actual.readFileSync(...args);
      if (Buffer.isBuffer(result)) reads.push(result);
      return result;
    },
  };
});

const { loadPrivateKey } = await import("../../src/config/private-key.js");
const { ConfigError } = await import("../../src/config/config-error.js");

let dir: string;
let rsaPem: string;

beforeAll(() => {
  dir = tempDir("idv-graph-private-key-");
  rsaPem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  writeFileSync(join(dir, "rsa.pem"), rsaPem);
  writeFileSync(join(dir, "ec.pem"), generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(join(dir, "garbage.pem"), "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----\n");
});

function failure(path: string): InstanceType<typeof ConfigError> {
  try {
    loadPrivateKey("KEY_VAR", path);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadPrivateKey", () => {
  it("parses an RSA key and wipes the file's bytes it read", () => {
    reads.length = 0;
    const key = loadPrivateKey("KEY_VAR", join(dir, "rsa.pem"));
    expect(key.asymmetricKeyType).toBe("rsa");
    expect(reads).toHaveLength(1);
    expect(reads[0]!.length).toBe(Buffer.byteLength(rsaPem));
    expect(reads[0]!.every((byte) => byte === 0)).toBe(true);
  });

  it("wipes the bytes of a file that is not a key too", () => {
    reads.length = 0;
    failure(join(dir, "garbage.pem"));
    expect(reads).toHaveLength(1);
    expect(reads[0]!.every((byte) => byte === 0)).toBe(true);
  });

  it.each([
    ["a missing file", "missing.pem", /^KEY_VAR: no such file at .*missing\.pem; point it at the PEM key file you downloaded from Yoti Hub$/],
    ["a directory", ".", /^KEY_VAR: cannot be read at .*; point it at the PEM key file/],
    ["not a key", "garbage.pem", /^KEY_VAR: .*garbage\.pem is not a readable PEM private key; use the RSA key file from Yoti Hub \(PKCS#1 or PKCS#8\)$/],
    ["an EC key", "ec.pem", /^KEY_VAR: .*ec\.pem holds a ec key; Yoti signs with RSA keys$/],
  ])("refuses %s, naming the variable and the fix", (_what, file, message) => {
    const error = failure(join(dir, file));
    expect(error.variable).toBe("KEY_VAR");
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("not a key");
  });
});
