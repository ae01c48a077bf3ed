import type { Logger } from "pino";
import type { TracingConfig } from "../../config/tracing-config.js";
import { TRACING_OFF, type Tracing } from "./tracing.js";

/**
 * OpenTelemetry tracing for `config`, or TRACING_OFF without one. The SDK is loaded only when tracing
 * is on: off, the process loads no OpenTelemetry module at all (it would cost start time and memory).
 */
export async function createTracing(config: TracingConfig | undefined, logger: Logger): Promise<Tracing> {
  if (!config) return TRACING_OFF;
  const { createSdkTracing } = await import("./tracing-sdk.js");
  return createSdkTracing(config, logger);
}
