import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { emulatorUpstream, type UpstreamTuning } from "../../src/config/upstream-config.js";
import { type MediaUrlConfig } from "../../src/config/media-config.js";
import type { GatewayMetrics } from "../../src/server/observability/metrics.js";
import { DEFAULTS, testGatewayPieces, type GatewayOverrides, type LogCapture } from "./gateway-options.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index.js";
import { startGateway, type RunningGateway } from "../../src/server/gateway.js";
import { createYotiClient, type YotiClient } from "../../src/upstream/yoti-client.js";
import type { TracingConfig } from "../../src/config/tracing-config.js";
import { createTracing } from "../../src/server/observability/create-tracing.js";
import type { Tracing } from "../../src/server/observability/tracing.js";
import { combineObservers } from "../../src/upstream/upstream-observer.js";

/** A GraphQL response as the tests read it. */
export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

/** A real emulator and a real gateway on loopback, wired as in production (signed HTTP between them). */
export interface Stack {
  emulator: Emulator;
  gateway: RunningGateway;
  client: YotiClient;
  media: MediaUrlConfig;
  logs: LogCapture;
  metrics: GatewayMetrics;
  /** The gateway's tracing (off unless the stack was started with a tracing config). */
  tracing: Tracing;
  /** POSTs a typed document to the gateway over HTTP. */
  query<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<GraphQLResponse<R>>;
  /** POSTs a raw body (for malformed-request tests). */
  post(body: string, headers?: Record<string, string>): Promise<{ status: number; json: unknown; headers: Headers }>;
  /** POSTs a typed document with extra headers (e.g. Authorization). */
  queryAs<R, V>(headers: Record<string, string>, document: TypedDocumentNode<R, V>, variables: V): Promise<GraphQLResponse<R>>;
  close(): Promise<void>;
}

/** Starts the emulator and a gateway pointed at it, as `npm start` does without credentials. */
export async function startStack(
  options: GatewayOverrides & {
    emulator?: EmulatorOptions;
    tuning?: Partial<UpstreamTuning>;
    tracing?: TracingConfig;
  } = {},
): Promise<Stack> {
  const emulator = await startEmulator(options.emulator);
  const tuning: UpstreamTuning = { ...DEFAULTS.upstream.tuning, ...options.tuning };
  const pieces = testGatewayPieces(options);
  const tracing = await createTracing(options.tracing, pieces.logger);
  const observer = tracing.enabled ? combineObservers(pieces.observer, tracing.upstream) : pieces.observer;
  const client = createYotiClient(emulatorUpstream(tuning, emulator.baseUrl, emulator.sdkId, emulator.keyFile), observer);
  const gateway = await startGateway({ ...pieces.options(client), tracing });
  const media = pieces.media;
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json, headers: res.headers };
  };
  return {
    emulator,
    gateway,
    client,
    media,
    logs: pieces.logs,
    metrics: pieces.metrics,
    tracing,
    post,
    async queryAs(headers, document, variables) {
      const { status, json } = await post(JSON.stringify({ query: print(document), variables }), headers);
      return { status, ...(json as object) } as GraphQLResponse<never>;
    },
    async query(document, variables) {
      const { status, json } = await post(JSON.stringify({ query: print(document), variables }));
      return { status, ...(json as object) } as GraphQLResponse<never>;
    },
    async close() {
      await gateway.close();
      await tracing.shutdown();
      await emulator.close();
    },
  };
}
