import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { UpstreamObserver } from "../../upstream/observer.js";

/** The gateway's Prometheus metrics. Labels are templates and codes only: no ids, no personal data. */
export interface GatewayMetrics {
  readonly registry: Registry;
  readonly upstream: UpstreamObserver;
  httpRequest(route: string, status: number): void;
  operation(type: string, outcome: string): void;
  loader(loader: "session" | "media", loads: number, fetches: number): void;
}

/** Creates a registry with process metrics and the gateway's own counters and histograms. */
export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "idv_graph_" });
  const httpRequests = new Counter({
    name: "idv_graph_http_requests_total",
    help: "HTTP requests by route template and status",
    labelNames: ["route", "status"],
    registers: [registry],
  });
  const operations = new Counter({
    name: "idv_graph_graphql_operations_total",
    help: "GraphQL operations by type and outcome (ok, or the first error code)",
    labelNames: ["type", "outcome"],
    registers: [registry],
  });
  const upstreamDuration = new Histogram({
    name: "idv_graph_upstream_request_duration_seconds",
    help: "Upstream attempts by endpoint template and status",
    labelNames: ["endpoint", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const retries = new Counter({
    name: "idv_graph_upstream_retries_total",
    help: "Upstream retries by endpoint template",
    labelNames: ["endpoint"],
    registers: [registry],
  });
  const circuit = new Gauge({
    name: "idv_graph_upstream_circuit_state",
    help: "Upstream circuit breaker: 0 closed, 1 open (failing fast), 2 half-open (one probe in flight)",
    registers: [registry],
  });
  const loads = new Counter({
    name: "idv_graph_loader_loads_total",
    help: "DataLoader loads (every reference a query makes)",
    labelNames: ["loader"],
    registers: [registry],
  });
  const fetches = new Counter({
    name: "idv_graph_loader_fetches_total",
    help: "DataLoader keys that reached upstream (loads minus these are cache hits)",
    labelNames: ["loader"],
    registers: [registry],
  });
  return {
    registry,
    upstream: {
      onAttempt: (a) => upstreamDuration.observe({ endpoint: a.endpoint, status: a.status }, a.durationMs / 1000),
      onRetry: (endpoint) => retries.inc({ endpoint }),
      onCircuit: (state) => circuit.set(state === "closed" ? 0 : state === "open" ? 1 : 2),
    },
    httpRequest: (route, status) => httpRequests.inc({ route, status: String(status) }),
    operation: (type, outcome) => operations.inc({ type, outcome }),
    loader: (loader, l, f) => {
      if (l > 0) loads.inc({ loader }, l);
      if (f > 0) fetches.inc({ loader }, f);
    },
  };
}
