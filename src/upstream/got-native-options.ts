import { checkServerIdentity } from "node:tls";
import { Options } from "got";

type NativeOptions = ReturnType<Options["createNativeRequestOptions"]>;

/** The fields of got's internal options that its `createNativeRequestOptions` reads (got 14). */
interface Internals {
  readonly url: URL;
  readonly http2: boolean;
  readonly agent: { readonly http?: unknown; readonly https?: unknown };
  readonly https: Record<string, unknown>;
  readonly cacheOptions?: Record<string, unknown>;
  readonly dnsLookup?: unknown;
  readonly dnsCache?: { readonly lookup?: unknown };
  readonly dnsLookupIpVersion?: unknown;
  readonly setHost: boolean;
  readonly method: string;
  readonly maxHeaderSize?: number;
  readonly localAddress?: string;
  readonly headers: Record<string, unknown>;
  readonly createConnection?: unknown;
  readonly h2session?: unknown;
}

/** Where the patched prototype keeps got's own method (global, so a second copy of this module sees it too). */
export const GOT_OWN_NATIVE_OPTIONS = Symbol.for("idv-graph.got-native-options");

/** True when `object` has no own enumerable key (undefined counts as empty). */
function isEmpty(object: object | undefined): boolean {
  if (object === undefined) return true;
  for (const _ in object) return false;
  return true;
}

/** The keys got's default cache options have, in their order: the literal below spreads exactly these. */
const CACHE_KEYS = ["shared", "cacheHeuristic", "immutableMinTimeToLive", "ignoreCargoCult"];

/** True when `cache` has exactly CACHE_KEYS, in that order. */
function hasDefaultCacheKeys(cache: Record<string, unknown> | undefined): boolean {
  if (cache === undefined) return false;
  let i = 0;
  for (const key in cache) if (key !== CACHE_KEYS[i++]) return false;
  return i === CACHE_KEYS.length;
}

/**
 * got builds the options it hands to `http.request` on every attempt as one object literal of 34
 * keys after two spreads; V8 then copies the object's map once per key added, about 23 KB of garbage
 * and tens of microseconds per attempt. This replaces got's method with the same object written as
 * one literal whenever the spreads add only got's four default cache keys (no HTTP/2, no UNIX
 * socket, no other cache option, no `pfx` objects: every read here); any other case goes to got's
 * own code. Same keys, same order, same values.
 * Installed once per process; safe to call again.
 */
export function installLeanNativeOptions(): void {
  const proto = Options.prototype as unknown as Record<PropertyKey, unknown> & { createNativeRequestOptions(): NativeOptions };
  if (proto[GOT_OWN_NATIVE_OPTIONS]) return;
  const original = proto.createNativeRequestOptions;
  proto[GOT_OWN_NATIVE_OPTIONS] = original;
  proto.createNativeRequestOptions = function leanNativeOptions(this: { _internals: Internals; _unixOptions?: object }): NativeOptions {
    const internals = this._internals;
    const https = internals.https;
    const cache = internals.cacheOptions;
    if (internals.http2 || !isEmpty(this._unixOptions) || !hasDefaultCacheKeys(cache) || Array.isArray(https["pfx"])) return original.call(this);
    return {
      shared: cache!["shared"],
      cacheHeuristic: cache!["cacheHeuristic"],
      immutableMinTimeToLive: cache!["immutableMinTimeToLive"],
      ignoreCargoCult: cache!["ignoreCargoCult"],
      ALPNProtocols: https["alpnProtocols"],
      ca: https["certificateAuthority"],
      cert: https["certificate"],
      key: https["key"],
      passphrase: https["passphrase"],
      pfx: https["pfx"],
      rejectUnauthorized: https["rejectUnauthorized"],
      checkServerIdentity: https["checkServerIdentity"] ?? checkServerIdentity,
      servername: https["serverName"],
      ciphers: https["ciphers"],
      honorCipherOrder: https["honorCipherOrder"],
      minVersion: https["minVersion"],
      maxVersion: https["maxVersion"],
      sigalgs: https["signatureAlgorithms"],
      sessionTimeout: https["tlsSessionLifetime"],
      dhparam: https["dhparam"],
      ecdhCurve: https["ecdhCurve"],
      crl: https["certificateRevocationLists"],
      secureOptions: https["secureOptions"],
      lookup: internals.dnsLookup ?? internals.dnsCache?.lookup,
      family: internals.dnsLookupIpVersion,
      agent: internals.url.protocol === "https:" ? internals.agent.https : internals.agent.http,
      setHost: internals.setHost,
      method: internals.method,
      maxHeaderSize: internals.maxHeaderSize,
      localAddress: internals.localAddress,
      headers: internals.headers,
      createConnection: internals.createConnection,
      timeout: undefined,
      h2session: internals.h2session,
    } as unknown as NativeOptions;
  };
}
