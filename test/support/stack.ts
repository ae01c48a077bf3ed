import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { randomBytes } from "node:crypto";
import { emulatorUpstream, type MediaUrlConfig, type UpstreamTuning } from "../../src/config/config.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index.js";
import { startGateway, type RunningGateway } from "../../src/server/gateway.js";
import { createYotiClient, type YotiClient } from "../../src/upstream/yoti-client.js";

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
  /** POSTs a typed document to the gateway over HTTP. */
  query<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<GraphQLResponse<R>>;
  /** POSTs a raw body (for malformed-request tests). */
  post(body: string, headers?: Record<string, string>): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

/** Starts the emulator and a gateway pointed at it, as `npm start` does without credentials. */
export async function startStack(
  options: { emulator?: EmulatorOptions; tuning?: Partial<UpstreamTuning>; media?: Partial<MediaUrlConfig> } = {},
): Promise<Stack> {
  const emulator = await startEmulator(options.emulator);
  const tuning: UpstreamTuning = { timeoutMs: 5_000, retries: 2, maxConcurrency: 16, ...options.tuning };
  const client = createYotiClient(emulatorUpstream(tuning, emulator.baseUrl, emulator.sdkId, emulator.keyFile));
  const media: MediaUrlConfig = { secret: randomBytes(32), secretGenerated: true, ttlSeconds: 300, ...options.media };
  const gateway = await startGateway({ client, media, port: 0, host: "127.0.0.1", development: true });
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
    return { status: res.status, json };
  };
  return {
    emulator,
    gateway,
    client,
    media,
    post,
    async query(document, variables) {
      const { status, json } = await post(JSON.stringify({ query: print(document), variables }));
      return { status, ...(json as object) } as GraphQLResponse<never>;
    },
    async close() {
      await gateway.close();
      await emulator.close();
    },
  };
}
