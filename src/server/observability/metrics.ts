import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { LiveObserver } from "../../live/live-observer.js";
import type { SessionCacheObserver } from "../../upstream/cache/session-cache.js";
import type { ResponseCacheObserver } from "../graphql/response-cache.js";
import type { UpstreamObserver } from "../../upstream/upstream-observer.js";

/** The gateway's Prometheus metrics. Labels are templates and codes only: no ids, no personal data. */
export interface GatewayMetrics {
  readonly registry: Registry;
  readonly upstream: UpstreamObserver;
  httpRequest(route: string, status: number): void;
  operation(type: string, outcome: string): void;
  loader(loader: "session" | "media", loads: number, fetches: number): void;
  /** Live sessions: subscriptions open, upstream GETs they caused, the Redis connection. */
  readonly live: LiveObserver;
  /** A webhook delivery: its topic (a known one, "other", or "none" when the body was not read) and outcome. */
  webhook(topic: string, outcome: string): void;
  /** An event sent to a subscriber, by topic label. */
  liveEvent(topic: string): void;
  /** WebSocket connections open now: authenticated, and still waiting for their connection_init. */
  wsConnections(open: number, pending: number): void;
  /** A WebSocket upgrade or connection refused for a budget, by reason (capacity, pending, pending-per-address). */
  wsRefused(reason: string): void;
  /** The session cache across requests (GATEWAY_CACHE_TTL_SECONDS): hits, misses, evictions by reason, bytes held. */
  readonly sessionCache: SessionCacheObserver;
  /** The response cache: lookups by outcome (a hit also counts as an ok query operation), answers kept, evictions by reason, bytes held. */
  readonly responseCache: ResponseCacheObserver;
  /** A failure no handler caught (process-errors.ts), by kind. */
  processError(kind: "unhandledRejection" | "uncaughtException"): void;
  /** The audit trail: events written by transport and outcome, appends that failed, refusal events not written (rate bound), the store's availability. */
  readonly audit: AuditObserver;
}

/** What the audit trail reports (labels are transports and outcome codes, never callers or sessions). */
export interface AuditObserver {
  written(transport: string, outcome: string): void;
  failed(): void;
  dropped(): void;
  /** Reads the store's availability when metrics are scraped. */
  watch(available: () => boolean): void;
}

/** Creates a registry with process metrics and the gateway's own counters and histograms. */
export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "idv_graph_" });
  // Every metric is registered here, by name, help and label names: labels are templates and codes, never ids.
  const counter = (name: string, help: string, labelNames: string[] = []) => new Counter({ name, help, labelNames, registers: [registry] });
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });
  const httpRequests = counter("idv_graph_http_requests_total", "HTTP requests by route template and status", ["route", "status"]);
  const operations = counter("idv_graph_graphql_operations_total", "GraphQL operations by type and outcome (ok, or the first error code)", ["type", "outcome"]);
  const upstreamDuration = new Histogram({
    name: "idv_graph_upstream_request_duration_seconds",
    help: "Upstream attempts by endpoint template and status",
    labelNames: ["endpoint", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const retries = counter("idv_graph_upstream_retries_total", "Upstream retries by endpoint template", ["endpoint"]);
  const circuit = gauge("idv_graph_upstream_circuit_state", "Upstream circuit breaker: 0 closed, 1 open (failing fast), 2 half-open (one probe in flight)");
  const loads = counter("idv_graph_loader_loads_total", "DataLoader loads (every reference a query makes)", ["loader"]);
  const fetches = counter("idv_graph_loader_fetches_total", "DataLoader keys that reached upstream (loads minus these were served by the request's loaders or the session cache)", ["loader"]);
  const webhooks = counter("idv_graph_webhook_deliveries_total", "Yoti notifications received by topic (known topics, other, none) and outcome (accepted, duplicate, unauthorized, rejected)", ["topic", "outcome"]);
  const subscriptions = gauge("idv_graph_live_subscriptions", "Session subscriptions open on this replica");
  const events = counter("idv_graph_live_events_total", "Subscription events sent, by topic (known topics, snapshot, session_update, other)", ["topic"]);
  const liveGets = counter("idv_graph_live_upstream_gets_total", "Upstream session GETs made for subscribers, by cause (snapshot, notification, poll, resync)", ["cause"]);
  const redis = gauge("idv_graph_redis_connected", "1 while the Redis connection for notifications is up, 0 while it is down (absent without REDIS_URL)");
  const ws = gauge("idv_graph_ws_connections", "Authenticated WebSocket (graphql-ws) connections open");
  const wsPending = gauge("idv_graph_ws_pending_connections", "WebSocket sockets open that have not authenticated yet (their own budget, GATEWAY_LIVE_MAX_PENDING)");
  const wsRefusals = counter("idv_graph_ws_refusals_total", "WebSocket connections refused for a budget, by reason (capacity, pending, pending-per-address)", ["reason"]);
  const cacheHits = counter("idv_graph_session_cache_hits_total", "Session cache reads answered from memory, by kind (session, media)", ["kind"]);
  const cacheMisses = counter("idv_graph_session_cache_misses_total", "Session cache reads that sent a GET to Yoti, by kind (session, media)", ["kind"]);
  const cacheJoined = counter("idv_graph_session_cache_joined_total", "Session cache reads that waited for another request's GET of the same key instead of sending their own, by kind", ["kind"]);
  const cacheEvictions = counter("idv_graph_session_cache_evictions_total", "Session cache entries removed, by kind and reason (ttl, size, notification, resync)", ["kind", "reason"]);
  const responseLookups = counter("idv_graph_response_cache_lookups_total", "Response cache lookups by outcome (hit: answered without executing; miss; outside_grant: kept, but the caller's session grant does not cover it)", ["outcome"]);
  const responseStored = counter("idv_graph_response_cache_stored_total", "Answers the response cache kept");
  const responseEvictions = counter("idv_graph_response_cache_evictions_total", "Response cache answers removed, by reason (ttl, size, notification, resync, session_cache)", ["reason"]);
  const responseBytes = gauge("idv_graph_response_cache_bytes", "Bytes held by the response cache (the bound GATEWAY_RESPONSE_CACHE_MAX_MB counts these)");
  const cacheBytes = gauge("idv_graph_session_cache_bytes", "JSON bytes held by the session cache, by kind (the bound GATEWAY_CACHE_MAX_MB counts these)", ["kind"]);
  const processErrors = counter("idv_graph_process_errors_total", "Failures no handler caught, by kind (unhandledRejection: logged, the process serves on; uncaughtException: logged, then drain and exit 1)", ["kind"]);
  const auditWritten = counter("idv_graph_audit_events_total", "Audit events made durable, by transport and outcome", ["transport", "outcome"]);
  const auditFailed = counter("idv_graph_audit_append_failures_total", "Audit appends the store could not take (their personal data was withheld)");
  const auditDropped = counter("idv_graph_audit_unauthenticated_dropped_total", "Unauthenticated refusals not recorded because they came faster than the rate bound");
  let auditAvailable: (() => boolean) | undefined;
  new Gauge({
    name: "idv_graph_audit_available",
    help: "1 when the audit store takes events, 0 when personal data is being withheld (absent when the trail is off)",
    registers: [registry],
    collect() {
      if (auditAvailable) this.set(auditAvailable() ? 1 : 0);
    },
  });
  return {
    registry,
    audit: {
      written: (transport, outcome) => auditWritten.inc({ transport, outcome }),
      failed: () => auditFailed.inc(),
      dropped: () => auditDropped.inc(),
      watch: (available) => {
        auditAvailable = available;
      },
    },
    processError: (kind) => processErrors.inc({ kind }),
    live: {
      subscriptions: (active) => subscriptions.set(active),
      fetched: (cause) => liveGets.inc({ cause }),
      transport: (connected) => redis.set(connected ? 1 : 0),
    },
    webhook: (topic, outcome) => webhooks.inc({ topic, outcome }),
    liveEvent: (topic) => events.inc({ topic }),
    wsConnections: (open, pending) => {
      ws.set(open);
      wsPending.set(pending);
    },
    wsRefused: (reason) => wsRefusals.inc({ reason }),
    responseCache: {
      lookup: (outcome) => {
        responseLookups.inc({ outcome });
        if (outcome === "hit") operations.inc({ type: "query", outcome: "ok" });
      },
      stored: () => responseStored.inc(),
      evicted: (reason) => responseEvictions.inc({ reason }),
      held: (bytes) => responseBytes.set(bytes),
    },
    sessionCache: {
      hit: (kind) => cacheHits.inc({ kind }),
      miss: (kind) => cacheMisses.inc({ kind }),
      joined: (kind) => cacheJoined.inc({ kind }),
      evicted: (kind, reason) => cacheEvictions.inc({ kind, reason }),
      held: (kind, bytes) => cacheBytes.set({ kind }, bytes),
    },
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
