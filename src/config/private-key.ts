import { createPrivateKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfigError } from "./config-error.js";

/**
 * Reads and parses the RSA private key once: PKCS#1 (`BEGIN RSA PRIVATE KEY`, as Yoti Hub issues it) or PKCS#8.
 * Errors name the variable and the fix, never the file's content.
 */
export function loadPrivateKey(variable: string, path: string): KeyObject {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : "cannot be read";
    throw new ConfigError(variable, `${reason} at ${path}; point it at the PEM key file you downloaded from Yoti Hub`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    throw new ConfigError(variable, `${path} is not a readable PEM private key; use the RSA key file from Yoti Hub (PKCS#1 or PKCS#8)`);
  } finally {
    pem.fill(0);
  }
  if (key.asymmetricKeyType !== "rsa") {
    throw new ConfigError(variable, `${path} holds a ${key.asymmetricKeyType} key; Yoti signs with RSA keys`);
  }
  return key;
}
