// A stand-in for an OpenTelemetry collector during the benchmark: accepts OTLP/HTTP exports and counts them.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** What the sink received. */
export interface SinkCounts {
  exports: number;
  bytes: number;
  /** Occurrences of a marker (a span name) in the export bodies: protobuf keeps strings as UTF-8, so no decoding is needed. */
  marked: number;
}

export interface OtlpSink {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly url: string;
  counts(): SinkCounts;
  close(): Promise<void>;
}

function occurrences(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** Starts a sink on a free loopback port; every export is answered 200 with an empty (successful) response. */
export async function startOtlpSink(marker: string): Promise<OtlpSink> {
  const needle = Buffer.from(marker, "utf8");
  const counts: SinkCounts = { exports: 0, bytes: 0, marked: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      counts.exports++;
      counts.bytes += body.length;
      counts.marked += occurrences(body, needle);
      res.writeHead(200, { "content-type": req.headers["content-type"] ?? "application/x-protobuf" });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
