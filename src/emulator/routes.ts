import type { IncomingMessage, ServerResponse } from "node:http";
import { handleControl, type ControlDeps } from "./control.js";
import { applyFault } from "./fault-response.js";
import type { EmulatorFault } from "./faults.js";
import { delay, readBody, sendError } from "./http-util.js";
import type { InFlightTracker } from "./in-flight.js";
import { placeholderFor, type MediaStore } from "./media-store.js";
import { sendBody, type Pacing } from "./paced-body.js";
import type { SessionStore } from "./session-store.js";
import type { RequestVerifier } from "./sign-verify.js";
import type { StatsCounter } from "./stats.js";

export interface RouteDeps extends ControlDeps {
  mountPath: string;
  latencyMs: number;
  sessions: SessionStore;
  media: MediaStore;
  verifier: RequestVerifier;
  stats: StatsCounter;
  inFlight: InFlightTracker;
  /** The body of `GET /supported-documents` (every document; non-Latin ones are dropped unless asked for). */
  supportedDocuments: Buffer;
}

type ApiRoute =
  | { kind: "session"; sessionId: string }
  | { kind: "media"; sessionId: string; mediaId: string }
  | { kind: "configuration"; sessionId: string }
  | { kind: "trackedDevices"; sessionId: string }
  | { kind: "supportedDocuments" };

const SESSION_PATH = /^\/sessions\/([^/]+)$/;
const MEDIA_PATH = /^\/sessions\/([^/]+)\/media\/([^/]+)\/content$/;
const SESSION_READ_PATH = /^\/sessions\/([^/]+)\/(configuration|tracked-devices)$/;
const SUPPORTED_DOCUMENTS_PATH = "/supported-documents";
/** The fault-table key of supported-documents requests, which concern no session ("*" rules apply too). */
export const SUPPORTED_DOCUMENTS_FAULT_KEY = "supported-documents";

/** Normalise a mount path to "" or "/x/y" (leading slash, no trailing slash). */
export function normaliseMount(mountPath: string): string {
  const trimmed = mountPath.replace(/\/+$/, "");
  return trimmed === "" ? "" : trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** Build the node:http request listener: control endpoints, then the signed Yoti API under the mount path. */
export function createHandler(deps: RouteDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(deps, req, res).catch(() => {
      // Never echo internals (they could carry request data); the client just sees a generic 500.
      if (!res.headersSent) sendError(res, 500, "INTERNAL_SERVER_ERROR", "emulator error");
      else res.destroy();
    });
  };
}

async function handle(deps: RouteDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawUrl = req.url ?? "/";
  const path = rawUrl.split("?")[0]!;
  if (await handleControl(deps, req, res, path)) return;
  const target = stripMount(rawUrl, deps.mountPath);
  if (target === undefined) return sendError(res, 404, "NOT_FOUND", "no such endpoint");

  deps.stats.request();
  const body = await readBody(req).catch(() => undefined);
  if (!body) return sendError(res, 413, "PAYLOAD_TOO_LARGE", "request body too large");
  await delay(deps.latencyMs);

  const route = matchRoute(target.split("?")[0]!);
  if (!route) return sendError(res, 404, "NOT_FOUND", "no such endpoint");
  if (req.method !== "GET") {
    res.setHeader("Allow", "GET");
    return sendError(res, 405, "METHOD_NOT_ALLOWED", "only GET is emulated");
  }

  // Public, as Yoti's is: no sdkId from most SDKs, no signature at all from Java's, so nothing is verified.
  if (route.kind === "supportedDocuments") return serveSupportedDocuments(deps, req, res, target);

  const digest = req.headers["x-yoti-auth-digest"];
  const verdict = deps.verifier.verify({
    method: req.method,
    target,
    body,
    digest: Array.isArray(digest) ? digest[0] : digest,
  });
  if (!verdict.ok) {
    deps.stats.rejected();
    return sendError(res, 401, "UNAUTHORIZED", `Unauthorised request: ${verdict.reason}`);
  }

  const flight = deps.inFlight.track(res);
  if (route.kind === "session") deps.stats.sessionGet(route.sessionId);
  else if (route.kind === "configuration") deps.stats.configurationGet(route.sessionId);
  else if (route.kind === "trackedDevices") deps.stats.trackedDevicesGet(route.sessionId);
  else deps.stats.mediaGet(route.sessionId, route.mediaId);
  // Faults act only after counting, so tests can count attempts, the failed ones included.
  const fault = deps.faults.take(route.sessionId);
  if (fault && !(await applyFault(req, res, fault, flight.serverClosing))) return;

  const pacing = pacingOf(fault);
  if (route.kind === "session") return serveSession(deps, route.sessionId, res, pacing);
  if (route.kind === "configuration") return serveJsonOf(deps.sessions.configuration(route.sessionId), res, pacing);
  if (route.kind === "trackedDevices") return serveJsonOf(deps.sessions.trackedDevices(route.sessionId), res, pacing);
  return serveMedia(deps, route.sessionId, route.mediaId, res, pacing);
}

/** A session's configuration or tracked devices (undefined: no such session). */
async function serveJsonOf(body: unknown, res: ServerResponse, pacing?: Pacing): Promise<void> {
  if (body === undefined) return sendError(res, 404, "SESSION_NOT_FOUND", "Session not found");
  await sendBody(res, 200, { "Content-Type": "application/json" }, Buffer.from(JSON.stringify(body), "utf8"), pacing);
}

/** `GET /supported-documents[?includeNonLatin=true|1]`: counted and faulted like the signed routes, but never verified. */
async function serveSupportedDocuments(deps: RouteDeps, req: IncomingMessage, res: ServerResponse, target: string): Promise<void> {
  const flight = deps.inFlight.track(res);
  deps.stats.supportedDocumentsGet();
  const fault = deps.faults.take(SUPPORTED_DOCUMENTS_FAULT_KEY);
  if (fault && !(await applyFault(req, res, fault, flight.serverClosing))) return;
  const flag = new URLSearchParams(target.split("?")[1] ?? "").get("includeNonLatin");
  // Go and Java send `true`/`false`, .NET `1`/`0`, PHP `1`, Node `true` only when set.
  const body = flag === "true" || flag === "1" ? deps.supportedDocuments : latinOnly(deps.supportedDocuments);
  await sendBody(res, 200, { "Content-Type": "application/json" }, body, pacingOf(fault));
}

/** The supported documents without those that are not strictly Latin (and countries left with none). */
function latinOnly(all: Buffer): Buffer {
  const parsed = JSON.parse(all.toString("utf8")) as { supported_countries?: { supported_documents?: { is_strictly_latin?: boolean }[] }[] };
  const countries = (parsed.supported_countries ?? [])
    .map((c) => ({ ...c, supported_documents: (c.supported_documents ?? []).filter((d) => d.is_strictly_latin !== false) }))
    .filter((c) => c.supported_documents.length > 0);
  return Buffer.from(JSON.stringify({ ...parsed, supported_countries: countries }), "utf8");
}

function pacingOf(fault: EmulatorFault | undefined): Pacing | undefined {
  if (fault?.chunkDelayMs === undefined) return undefined;
  return { chunkBytes: fault.chunkBytes ?? 1000, delayMs: fault.chunkDelayMs };
}

async function serveSession(deps: RouteDeps, sessionId: string, res: ServerResponse, pacing?: Pacing): Promise<void> {
  const session = deps.sessions.get(sessionId);
  if (!session) return sendError(res, 404, "SESSION_NOT_FOUND", "Session not found");
  // Exactly application/json, no charset: Python's SDK only formats errors for that value (http-util.ts).
  await sendBody(res, 200, { "Content-Type": "application/json" }, session.body, pacing);
}

async function serveMedia(deps: RouteDeps, sessionId: string, mediaId: string, res: ServerResponse, pacing?: Pacing): Promise<void> {
  const session = deps.sessions.get(sessionId);
  if (!session) return sendError(res, 404, "SESSION_NOT_FOUND", "Session not found");
  // Media belong to a session: an id from another session is as unknown here as a made-up one.
  if (!session.media.has(mediaId)) return sendError(res, 404, "MEDIA_NOT_FOUND", "Media not found");
  const content = deps.media.get(mediaId) ?? placeholderFor(session.media.get(mediaId));
  if (content.empty) {
    // Yoti's documented meaning of this 204: "Regulations prevent us from returning the media content".
    res.writeHead(204);
    res.end();
    return;
  }
  await sendBody(res, 200, { "Content-Type": content.contentType }, content.bytes, pacing);
}

/** The raw target relative to the mount path, or undefined when the request is outside it. */
function stripMount(rawUrl: string, mountPath: string): string | undefined {
  if (mountPath === "") return rawUrl;
  if (!rawUrl.startsWith(mountPath)) return undefined;
  const rest = rawUrl.slice(mountPath.length);
  return rest.startsWith("/") ? rest : undefined;
}

function matchRoute(path: string): ApiRoute | undefined {
  if (path === SUPPORTED_DOCUMENTS_PATH) return { kind: "supportedDocuments" };
  const read = SESSION_READ_PATH.exec(path);
  if (read) {
    const sessionId = decode(read[1]!);
    if (!sessionId) return undefined;
    return read[2] === "configuration" ? { kind: "configuration", sessionId } : { kind: "trackedDevices", sessionId };
  }
  const media = MEDIA_PATH.exec(path);
  if (media) {
    const sessionId = decode(media[1]!);
    const mediaId = decode(media[2]!);
    return sessionId && mediaId ? { kind: "media", sessionId, mediaId } : undefined;
  }
  const session = SESSION_PATH.exec(path);
  if (session) {
    const sessionId = decode(session[1]!);
    return sessionId ? { kind: "session", sessionId } : undefined;
  }
  return undefined;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
