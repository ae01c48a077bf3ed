import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorFault, FaultTable } from "./faults.js";
import { readBody, sendError, sendJson } from "./http-util.js";
import type { StatsCounter } from "./stats.js";

export interface ControlDeps {
  stats: StatsCounter;
  faults: FaultTable;
}

/** Paths of the unauthenticated control endpoints; they sit outside the mount path so they never shadow the API. */
export const CONTROL = {
  stats: "/__emulator/stats",
  reset: "/__emulator/reset",
  faults: "/__emulator/faults",
} as const;

/** Serve a control endpoint; resolves false when the request is not one, so the API router takes over. */
export async function handleControl(deps: ControlDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
  if (path === CONTROL.stats && req.method === "GET") {
    sendJson(res, 200, deps.stats.snapshot());
    return true;
  }
  if (path === CONTROL.reset && req.method === "POST") {
    deps.stats.reset();
    sendJson(res, 200, deps.stats.snapshot());
    return true;
  }
  if (path !== CONTROL.faults) return false;
  if (req.method === "POST") await addFault(deps.faults, req, res);
  else if (req.method === "DELETE") {
    deps.faults.clear();
    sendNoContent(res);
  } else {
    res.setHeader("Allow", "POST, DELETE");
    sendError(res, 405, "METHOD_NOT_ALLOWED", "use POST to add a fault or DELETE to clear them");
  }
  return true;
}

/** POST body: `{"sessionId": "...", ...EmulatorFault}`. */
async function addFault(faults: FaultTable, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req).catch(() => undefined);
  if (!body) return sendError(res, 413, "PAYLOAD_TOO_LARGE", "request body too large");
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return sendError(res, 400, "BAD_REQUEST", "body must be JSON");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    return sendError(res, 400, "BAD_REQUEST", "body must be a JSON object");
  }
  const { sessionId, ...fault } = parsed as { sessionId?: unknown } & Record<string, unknown>;
  try {
    faults.set(sessionId as string, fault as EmulatorFault);
  } catch (err) {
    // validateFault's messages name only fields and limits, so they are safe to return.
    return sendError(res, 400, "BAD_REQUEST", err instanceof TypeError ? err.message : "invalid fault");
  }
  sendNoContent(res);
}

function sendNoContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}
