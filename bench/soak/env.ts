// Every environment variable the soak sets on the processes it starts, in one module: when the gateway
// or the emulator renames a variable, this is the only file to change.

/** Gateway variable names (src/config/env-schema.ts). */
export const GATEWAY_VARS = {
  nodeEnv: "NODE_ENV",
  port: "PORT",
  host: "HOST",
  logLevel: "LOG_LEVEL",
  sdkId: "YOTI_CLIENT_SDK_ID",
  keyFile: "YOTI_KEY_FILE_PATH",
  apiUrl: "YOTI_IDV_API_URL",
  publicUrl: "GATEWAY_PUBLIC_URL",
  apiKeysFile: "GATEWAY_API_KEYS_FILE",
  mediaSecret: "GATEWAY_MEDIA_SECRET",
  metricsToken: "GATEWAY_METRICS_TOKEN",
  webhookAuthType: "YOTI_WEBHOOK_AUTH_TYPE",
  webhookAuthToken: "YOTI_WEBHOOK_AUTH_TOKEN",
  redisUrl: "REDIS_URL",
  sessionCacheTtlSeconds: "GATEWAY_CACHE_TTL_SECONDS",
  shutdownGraceMs: "GATEWAY_SHUTDOWN_GRACE_MS",
  federation: "GATEWAY_FEDERATION",
  upstreamTimeoutMs: "YOTI_TIMEOUT_MS",
  upstreamDeadlineMs: "YOTI_DEADLINE_MS",
  nodeOptions: "NODE_OPTIONS",
  audit: "GATEWAY_AUDIT",
} as const;

/** Emulator variable names (src/emulator/main.ts). */
export const EMULATOR_VARS = {
  port: "EMULATOR_PORT",
  host: "EMULATOR_HOST",
  latencyMs: "EMULATOR_LATENCY_MS",
  webhookUrl: "EMULATOR_WEBHOOK_URL",
  webhookAuthType: "EMULATOR_WEBHOOK_AUTH_TYPE",
  webhookAuthToken: "EMULATOR_WEBHOOK_AUTH_TOKEN",
} as const;

/** What a replica is started with; the values, not the names. */
export interface GatewaySettings {
  readonly port: number;
  readonly sdkId: string;
  readonly keyFile: string;
  readonly apiUrl: string;
  /** The load balancer's origin (the soak routes requests itself; only the path of a media link is used). */
  readonly publicUrl: string;
  readonly apiKeysFile: string;
  readonly mediaSecret: string;
  readonly metricsToken: string;
  readonly webhookToken: string;
  readonly redisUrl: string;
  readonly sessionCacheTtlSeconds: number;
  readonly shutdownGraceMs: number;
  readonly upstreamTimeoutMs: number;
  readonly upstreamDeadlineMs: number;
  readonly federation: boolean;
  readonly nodeOptions: string;
}

/** The environment of one replica: production mode, API keys, webhooks, Redis, the session cache on. */
export function gatewayEnv(s: GatewaySettings): Record<string, string> {
  const v = GATEWAY_VARS;
  return {
    [v.nodeEnv]: "production",
    [v.port]: String(s.port),
    [v.host]: "127.0.0.1",
    [v.logLevel]: "info",
    [v.sdkId]: s.sdkId,
    [v.keyFile]: s.keyFile,
    [v.apiUrl]: s.apiUrl,
    // Both replicas behind one load balancer: media links carry its origin, and the shared secret makes
    // a link signed by one replica valid on the other.
    [v.publicUrl]: s.publicUrl,
    [v.apiKeysFile]: s.apiKeysFile,
    [v.mediaSecret]: s.mediaSecret,
    [v.metricsToken]: s.metricsToken,
    [v.webhookAuthType]: "BEARER",
    [v.webhookAuthToken]: s.webhookToken,
    [v.redisUrl]: s.redisUrl,
    [v.sessionCacheTtlSeconds]: String(s.sessionCacheTtlSeconds),
    [v.shutdownGraceMs]: String(s.shutdownGraceMs),
    [v.upstreamTimeoutMs]: String(s.upstreamTimeoutMs),
    [v.upstreamDeadlineMs]: String(s.upstreamDeadlineMs),
    [v.federation]: String(s.federation),
    [v.nodeOptions]: s.nodeOptions,
    // The soak's invariants are about Yoti's faults and the replicas' own; the audit trail's outages have tests of their own.
    [v.audit]: "off",
  };
}

/** What the emulator is started with. */
export interface EmulatorSettings {
  readonly latencyMs: number;
  readonly webhookUrl: string;
  readonly webhookToken: string;
}

/** The environment of the standalone emulator: any free port, its notifications to the soak's relay. */
export function emulatorEnv(s: EmulatorSettings): Record<string, string> {
  const v = EMULATOR_VARS;
  return {
    [v.port]: "0",
    [v.host]: "127.0.0.1",
    [v.latencyMs]: String(s.latencyMs),
    [v.webhookUrl]: s.webhookUrl,
    [v.webhookAuthType]: "BEARER",
    [v.webhookAuthToken]: s.webhookToken,
  };
}
