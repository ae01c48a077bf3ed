import type { UpstreamConfig } from "../config/upstream-config.js";
import { AttemptGate } from "./attempt-gate.js";
import { createCircuit } from "./circuit.js";
import { createReadGot, createStreamGot } from "./http-client.js";
import { cachedSupportedDocuments } from "./cache/supported-documents-cache.js";
import { mediaClient, type MediaSource } from "./media-client.js";
import { readApiClient, unsignedRequest, type ReadApiSource } from "./read-api-client.js";
import type { UpstreamObserver } from "./upstream-observer.js";
import { sessionGetter, type SessionSource } from "./session-client.js";
import { createRequestSigner } from "./sign-request.js";
import type { Upstream } from "./upstream-read.js";

/** Everything the gateway asks of Yoti. */
export interface YotiClient extends SessionSource, MediaSource, ReadApiSource {}

/**
 * The gateway's upstream client: every attempt signed, within `maxConcurrency` slots overall and
 * `maxPerSession` per session, each read within its deadline, failing fast while the circuit is open.
 */
export function createYotiClient(config: UpstreamConfig, observer: UpstreamObserver = {}): YotiClient {
  const sign = createRequestSigner(config.baseUrl, config.sdkId, config.privateKey);
  const circuit = createCircuit(config.circuitCooldownMs, observer);
  const reads: Upstream = {
    got: createReadGot(config, observer),
    gate: new AttemptGate(config.maxConcurrency, config.maxPerSession),
    circuit,
    sign,
    deadlineMs: config.deadlineMs,
    observer,
  };
  // Media streams last as long as the browser takes to read them: their own sockets and slots, so
  // slow downloads never starve session fetches.
  const streams: Upstream = { ...reads, got: createStreamGot(config), gate: new AttemptGate(config.maxConcurrency, config.maxPerSession) };
  const readApi = readApiClient(reads, { ...reads, sign: unsignedRequest });
  return {
    getSession: sessionGetter(reads),
    ...mediaClient(reads, streams),
    ...readApi,
    getSupportedDocuments: cachedSupportedDocuments(readApi.getSupportedDocuments, config.supportedDocumentsTtlSeconds),
  };
}
