import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorFault, FaultTable } from "./faults.js";
import { readBody, sendError, sendJson } from "./http-util.js";
import type { Player } from "./player.js";
import type { StatsCounter } from "./stats.js";

export interface ControlDeps {
  stats: StatsCounter;
  faults: FaultTable;
  player: Player;
}

/** Paths of the unauthenticated control endpoints; they sit outside the mount path so they never shadow the API. */
export const CONTROL = {
  stats: "/__emulator/stats",
  reset: "/__emulator/reset",
  faults: "/__emulator/faults",
  play: "/__emulator/play",
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
  if (path === CONTROL.play) {
    if (req.method === "POST") await startPlay(deps.player, req, res);
    else {
      res.setHeader("Allow", "POST");
      sendError(res, 405, "METHOD_NOT_ALLOWED", "use POST to start a play");
    }
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

/** POST body, optional: `{"sessionId", "stepMs", "notify"}` → 200 `{"sessionId"}`. */
async function startPlay(player: Player, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parsed = await readJsonObject(req, res, true);
  if (!parsed) return;
  let sessionId: string;
  try {
    ({ sessionId } = player.play(parsed));
  } catch (err) {
    // validatePlayOptions' messages name only fields and limits, so they are safe to return.
    return sendError(res, 400, "BAD_REQUEST", err instanceof TypeError ? err.message : "cannot play");
  }
  sendJson(res, 200, { sessionId });
}

/** POST body: `{"sessionId": "...", ...EmulatorFault}`. */
async function addFault(faults: FaultTable, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parsed = await readJsonObject(req, res, false);
  if (!parsed) return;
  const { sessionId, ...fault } = parsed as { sessionId?: unknown } & Record<string, unknown>;
  try {
    faults.set(sessionId as string, fault as EmulatorFault);
  } catch (err) {
    // validateFault's messages name only fields and limits, so they are safe to return.
    return sendError(res, 400, "BAD_REQUEST", err instanceof TypeError ? err.message : "invalid fault");
  }
  sendNoContent(res);
}

/** The request's JSON object body (an empty body counts as `{}` when `emptyOk`); answers the error itself otherwise. */
async function readJsonObject(req: IncomingMessage, res: ServerResponse, emptyOk: boolean): Promise<Record<string, unknown> | undefined> {
  const body = await readBody(req).catch(() => undefined);
  if (!body) {
    sendError(res, 413, "PAYLOAD_TOO_LARGE", "request body too large");
    return undefined;
  }
  if (emptyOk && body.toString("utf8").trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    sendError(res, 400, "BAD_REQUEST", "body must be JSON");
    return undefined;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    sendError(res, 400, "BAD_REQUEST", "body must be a JSON object");
    return undefined;
  }
  return parsed as Record<string, unknown>;
}

function sendNoContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}
