import { pino, type DestinationStream, type Logger } from "pino";

/**
 * The gateway's JSON logger. Call sites log labels and counts only (never request objects,
 * variables, bodies or URLs); the redaction list is a second line of defence, not the first.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "idv-graph" },
      redact: {
        paths: ["authorization", "*.authorization", "headers", "*.headers", "req", "res", "variables", "*.variables", "query", "*.query", "url", "*.url"],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
