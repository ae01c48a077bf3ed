import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { Options } from "got";
import { describe, expect, it } from "vitest";
import { GOT_OWN_NATIVE_OPTIONS, installLeanNativeOptions } from "../../src/upstream/got-native-options.js";

const http = new HttpAgent({ keepAlive: true });
const https = new HttpsAgent({ keepAlive: true });
const lookup = () => undefined;

/** Option sets covering the lean path (http, https, a lookup, TLS settings) and got's own (cache options, pfx objects). */
const cases = (): Options[] => [
  new Options("http://127.0.0.1:8080/idverify/v1/sessions/x", { agent: { http, https }, headers: { accept: "application/json" }, timeout: { request: 1000 } }),
  new Options("https://api.yoti.com/idverify/v1/sessions/x", { agent: { http, https }, method: "GET", dnsLookup: lookup, https: { rejectUnauthorized: false, minVersion: "TLSv1.2" } }),
  new Options("https://api.yoti.com/x", { cacheOptions: { shared: false } }),
  new Options("http://localhost/x", { enableUnixSockets: true }),
  new Options("https://api.yoti.com/x", { https: { pfx: [{ buffer: Buffer.from("p"), passphrase: "s" }] } }),
  new Options("https://api.yoti.com/x", { http2: true }),
];

describe("got's native request options, written as one literal", () => {
  it("are the same keys, in the same order, with the same values as got's own", () => {
    installLeanNativeOptions();
    installLeanNativeOptions();
    // got's own method, kept by the patch: another test file may have installed it before this one ran.
    const own = (Options.prototype as unknown as Record<symbol, (this: Options) => unknown>)[GOT_OWN_NATIVE_OPTIONS]!;
    expect(own).not.toBe(Options.prototype.createNativeRequestOptions);
    const before = cases().map((o) => own.call(o) as ReturnType<Options["createNativeRequestOptions"]>);
    const after = cases().map((o) => o.createNativeRequestOptions());
    for (let i = 0; i < before.length; i++) {
      expect(Object.keys(after[i]!)).toEqual(Object.keys(before[i]!));
      expect(after[i]).toStrictEqual(before[i]);
    }
    expect(after[0]!.agent).toBe(http);
    expect(after[1]!.agent).toBe(https);
  });
});
