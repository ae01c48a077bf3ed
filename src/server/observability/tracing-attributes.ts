// Span attribute names beyond the stable semantic conventions (which come from @opentelemetry/semantic-conventions).
// Every value under these names is a template, a code, a count or a client-chosen operation name: never an id,
// a URL, a header, a token or anything from a session.

/** Incubating semantic-convention names, copied rather than imported, as OpenTelemetry advises for unstable names. */
export const ATTR_GRAPHQL_OPERATION_NAME = "graphql.operation.name";
export const ATTR_GRAPHQL_OPERATION_TYPE = "graphql.operation.type";
export const ATTR_URL_TEMPLATE = "url.template";

/** 1 for the first attempt of an upstream read, 2 for its first retry, ... */
export const ATTR_UPSTREAM_ATTEMPT = "idv_graph.upstream.attempt";
/** On a retry: what the previous attempt got (an HTTP status, "timeout", "network"). */
export const ATTR_UPSTREAM_RETRY_REASON = "idv_graph.upstream.retry_reason";
/** The distinct error codes of a GraphQL response (extensions.code). */
export const ATTR_GRAPHQL_ERROR_CODES = "idv_graph.graphql.error_codes";
/** Upstream GETs an operation caused, and the loads its resolvers made (loads minus GETs are cache hits). */
export const ATTR_SESSION_GETS = "idv_graph.upstream.session_gets";
export const ATTR_MEDIA_GETS = "idv_graph.upstream.media_gets";
export const ATTR_SESSION_LOADS = "idv_graph.loader.session_loads";
export const ATTR_MEDIA_LOADS = "idv_graph.loader.media_loads";
/** The caller went away before the response was complete (the request log's 499). */
export const ATTR_CLIENT_CLOSED = "idv_graph.client_closed";
