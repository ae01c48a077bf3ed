import { createPublicKey, randomUUID, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { emulatorUpstream } from "../../src/config/upstream-config.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { ErrorCode } from "../../src/errors/error-codes.js";
import { UpstreamError } from "../../src/upstream/upstream-error.js";
import { createYotiClient, type YotiClient } from "../../src/upstream/yoti-client.js";
import { DEFAULTS } from "../support/gateway-options.js";

/** The read-API client against a plain recording server: what it sends on the wire, and how it reads answers. */
interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

describe("the read-API client on the wire", () => {
  let keys: Emulator;
  let server: Server;
  let base: string;
  let client: YotiClient;
  const seen: Seen[] = [];
  /** The answers to give, in order: [status, body]. */
  let answers: [number, string][] = [];

  beforeAll(async () => {
    keys = await startEmulator();
    server = createServer((req, res) => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers });
      const [status, body] = answers.shift() ?? [200, "{}"];
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/idverify/v1`;
    client = createYotiClient(emulatorUpstream({ ...DEFAULTS.upstream.tuning, supportedDocumentsTtlSeconds: 0 }, base, keys.sdkId, keys.keyFile));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await keys?.close();
  });
  beforeEach(() => {
    seen.length = 0;
    answers = [];
  });

  const verifies = (s: Seen) => {
    const publicKey = createPublicKey(readFileSync(keys.keyFile));
    const digest = s.headers["x-yoti-auth-digest"] as string;
    return verify("sha256", Buffer.from(`${s.method}&${s.url.slice("/idverify/v1".length)}`), publicKey, Buffer.from(digest, "base64"));
  };

  it("signs configuration and tracked-devices reads like session reads", async () => {
    const id = randomUUID();
    answers = [[200, JSON.stringify({ session_id: id, capture: {} })], [200, "[]"]];
    expect(await client.getSessionConfiguration(id)).toEqual({ session_id: id, capture: {} });
    expect(await client.getTrackedDevices(id)).toEqual([]);
    expect(seen.map((s) => s.url.split("?")[0])).toEqual([`/idverify/v1/sessions/${id}/configuration`, `/idverify/v1/sessions/${id}/tracked-devices`]);
    for (const s of seen) {
      expect(s.url).toMatch(new RegExp(`\\?sdkId=${keys.sdkId}&nonce=[0-9a-f-]{36}&timestamp=\\d+$`));
      expect(verifies(s)).toBe(true);
    }
  });

  it("sends supported documents unsigned: no sdkId, nonce, timestamp or digest; the flag only when true", async () => {
    await client.getSupportedDocuments(false);
    await client.getSupportedDocuments(true);
    expect(seen.map((s) => s.url)).toEqual(["/idverify/v1/supported-documents", "/idverify/v1/supported-documents?includeNonLatin=true"]);
    for (const s of seen) expect(s.headers["x-yoti-auth-digest"]).toBeUndefined();
  });

  it("retries a 503 within the deadline, and maps statuses and bodies to the session reads' codes", async () => {
    const id = randomUUID();
    answers = [[503, "{}"], [200, "{}"]];
    expect(await client.getSessionConfiguration(id)).toEqual({});
    expect(seen.length).toBe(2);
    // Each attempt is signed afresh.
    expect(seen[0]!.headers["x-yoti-auth-digest"]).not.toBe(seen[1]!.headers["x-yoti-auth-digest"]);

    const failure = async (read: Promise<unknown>) => read.then(() => expect.unreachable(), (e: unknown) => e as UpstreamError);
    answers = [[404, "{}"]];
    expect((await failure(client.getTrackedDevices(id))).code).toBe(ErrorCode.NOT_FOUND);
    answers = [[200, '{"not": "a list"}']];
    const notList = await failure(client.getTrackedDevices(id));
    expect([notList.code, notList.endpoint]).toEqual([ErrorCode.UPSTREAM_BAD_RESPONSE, "GET /sessions/:id/tracked-devices"]);
    answers = [[200, '{"capture": {"required_resources": [1, 2]}}']];
    expect((await failure(client.getSessionConfiguration(id))).code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
    answers = [[200, "[]"]];
    expect((await failure(client.getSupportedDocuments(false))).code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
    answers = [[401, "{}"]];
    const refused = await failure(client.getSessionConfiguration(id));
    expect(refused.code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
    // Nothing of the request in the error: no query, no digest.
    expect(refused.message).not.toContain("nonce");
    expect(refused.message).not.toContain(keys.sdkId);
  });
});
