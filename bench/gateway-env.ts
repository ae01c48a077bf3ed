/** The emulator a bench gateway reads from, as its first stdout line gives it. */
export interface EmulatorCoordinates {
  readonly baseUrl: string;
  readonly sdkId: string;
  readonly keyFile: string;
}

/** Node flags the gateway runs with in production (Dockerfile `NODE_OPTIONS`, `npm start`). */
export const GATEWAY_NODE_OPTIONS = "--max-old-space-size=96 --max-semi-space-size=16";

/**
 * The environment of a bench gateway: production settings against the emulator on loopback `port`,
 * callers unauthenticated, `/metrics` open to the runner, no shutdown grace, the audit trail off
 * (the baseline records nothing; the trail has its own scenario). `extra` adds or overrides.
 */
export function benchGatewayEnv(emu: EmulatorCoordinates, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    YOTI_CLIENT_SDK_ID: emu.sdkId,
    YOTI_KEY_FILE_PATH: emu.keyFile,
    YOTI_IDV_API_URL: emu.baseUrl,
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    GATEWAY_AUTH: "none",
    GATEWAY_AUDIT: "off",
    GATEWAY_METRICS_PUBLIC: "true",
    GATEWAY_MEDIA_SECRET: "bench-only-media-secret-0123456789abcdef0123456789",
    // Production requires it (media links); the bench never follows one.
    GATEWAY_PUBLIC_URL: `http://127.0.0.1:${port}`,
    // The bench stops gateways between scenarios: no load balancer to wait for.
    GATEWAY_SHUTDOWN_GRACE_MS: "0",
    // The heap limits the Dockerfile and `npm start` run with (they keep peak RSS down under load).
    NODE_OPTIONS: GATEWAY_NODE_OPTIONS,
    ...extra,
  };
}
