import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface EmulatorKey {
  keyFile: string;
  publicKey: KeyObject;
  /** Remove the key if the emulator generated it (a no-op for caller-supplied keys). */
  dispose(): Promise<void>;
}

// Generated key dirs not yet disposed: removed at process exit too, so a host that never calls close()
// (or is stopped by a signal it handles with process.exit) does not leave private keys in /tmp.
const liveDirs = new Set<string>();
let exitHookInstalled = false;

function trackDir(dir: string): void {
  liveDirs.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const d of liveDirs) rmSync(d, { recursive: true, force: true });
  });
}

/** Load the caller's PEM (PKCS#1 or PKCS#8) and derive the public half used to verify signatures. */
export async function loadKey(keyFile: string): Promise<EmulatorKey> {
  const pem = await readFile(keyFile);
  const publicKey = createPublicKey(createPrivateKey(pem));
  return { keyFile, publicKey, dispose: async () => {} };
}

/** Generate a fresh RSA-2048 pair and write the PKCS#1 PEM (the format every SDK accepts) to a private temp dir. */
export async function generateKey(): Promise<EmulatorKey> {
  const { privateKey, publicKey } = await new Promise<{ privateKey: KeyObject; publicKey: KeyObject }>(
    (resolve, reject) =>
      generateKeyPair("rsa", { modulusLength: 2048 }, (err, pub, priv) =>
        err ? reject(err) : resolve({ privateKey: priv, publicKey: pub }),
      ),
  );
  const dir = await mkdtemp(join(tmpdir(), "idv-emulator-"));
  const keyFile = join(dir, "emulator-key.pem");
  const pem = privateKey.export({ type: "pkcs1", format: "pem" });
  // 0600: the file is a private key, even if a throwaway one.
  trackDir(dir);
  await writeFile(keyFile, pem, { mode: 0o600 });
  const dispose = async () => {
    liveDirs.delete(dir);
    await rm(dir, { recursive: true, force: true });
  };
  return { keyFile, publicKey, dispose };
}
