import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { until } from "./wait.js";

/** One span as an OTLP/JSON export carries it, with its attributes flattened to plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** "" for a root span. */
  parentSpanId: string;
  /** The W3C tracestate carried along, "" when none. */
  traceState: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, unknown>;
  status: { code?: number; message?: string };
  /** The resource's attributes (service.name, ...). */
  resource: Record<string, unknown>;
}

/** One export request as it arrived. */
export interface ReceivedExport {
  path: string;
  contentType: string;
  body: Buffer;
}

/** A local stand-in for an OpenTelemetry collector's OTLP/HTTP receiver: keeps every export, answers 200. */
export interface OtlpReceiver {
  /** Base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it (the exporter appends /v1/traces). */
  readonly url: string;
  readonly exports: ReceivedExport[];
  /** Every span of every OTLP/JSON export so far. */
  spans(): ReceivedSpan[];
  /** Polls until `predicate` holds for the spans received (a loaded machine may take a while), or fails. */
  waitFor(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

type AnyValue = { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number; arrayValue?: { values?: AnyValue[] } };
type KeyValue = { key: string; value: AnyValue };

function plain(value: AnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plain);
  return value;
}

const flat = (attributes: KeyValue[] | undefined) => Object.fromEntries((attributes ?? []).map((a) => [a.key, plain(a.value)]));

/** Decodes an OTLP/JSON ExportTraceServiceRequest. */
export function decodeJsonExport(body: Buffer): ReceivedSpan[] {
  const request = JSON.parse(body.toString("utf8")) as {
    resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: (Omit<ReceivedSpan, "attributes" | "resource"> & { attributes?: KeyValue[] })[] }[] }[];
  };
  return (request.resourceSpans ?? []).flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? "",
        traceState: s.traceState ?? "",
        name: s.name,
        kind: s.kind,
        attributes: flat(s.attributes as KeyValue[] | undefined),
        status: s.status ?? {},
        resource: flat(rs.resource?.attributes),
      })),
    ),
  );
}

/** Starts a receiver on a free loopback port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      exports.push({ path: req.url ?? "", contentType: req.headers["content-type"] ?? "", body: Buffer.concat(chunks) });
      // An empty ExportTraceServiceResponse: full success in either encoding.
      const json = (req.headers["content-type"] ?? "").includes("json");
      res.writeHead(200, { "content-type": json ? "application/json" : "application/x-protobuf" });
      res.end(json ? "{}" : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const spans = () => exports.filter((e) => e.contentType.includes("json")).flatMap((e) => decodeJsonExport(e.body));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports,
    spans,
    async waitFor(predicate, timeoutMs = 20_000) {
      let seen = spans();
      try {
        await until(() => predicate((seen = spans())), { timeoutMs, everyMs: 25, what: "the expected spans" });
      } catch (error) {
        throw new Error(`${(error as Error).message}; received: ${JSON.stringify(seen.map((s) => s.name))}`);
      }
      return seen;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
