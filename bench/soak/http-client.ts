// One HTTP exchange over node:http with keep-alive (a load balancer keeps connections to its backends),
// telling apart the ways it can go wrong: refused connection, reset, cut-short body, timeout.
import { Agent, request } from "node:http";

/** What came back. */
export interface Exchange {
  readonly t0: number;
  readonly t1: number;
  readonly status?: number;
  readonly headers?: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  /** ECONNREFUSED, ECONNRESET, EPIPE, "socket hang up", "incomplete body", "timeout", ... */
  readonly error?: string;
}

/** What to send. */
export interface Ask {
  readonly method: "GET" | "POST";
  /** Path and query, e.g. /graphql. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs?: number;
}

const agents = new Map<string, Agent>();

/** The keep-alive agent for one origin. */
function agentFor(origin: string): Agent {
  let agent = agents.get(origin);
  if (!agent) {
    // Fewer idle seconds than the gateway's 5 s keep-alive timeout, so the client lets go first.
    agent = new Agent({ keepAlive: true, maxSockets: 32, timeout: 4_000 });
    agents.set(origin, agent);
  }
  return agent;
}

/** Closes every pooled connection. */
export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/** Sends one request to `origin`; never throws. */
export function exchange(origin: string, ask: Ask): Promise<Exchange> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Omit<Exchange, "t0" | "t1">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ t0, t1: Date.now(), ...r });
    };
    const headers: Record<string, string> = { ...(ask.headers ?? {}) };
    if (ask.body !== undefined) headers["content-length"] = String(Buffer.byteLength(ask.body));
    const req = request(`${origin}${ask.path}`, { method: ask.method, headers, agent: agentFor(origin) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (e: NodeJS.ErrnoException) => done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), error: e.code ?? e.message }));
      res.on("aborted", () => done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), error: "incomplete body" }));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        const length = res.headers["content-length"];
        const short = !res.complete || (length !== undefined && Number(length) !== body.length);
        done({ status: res.statusCode, headers: res.headers, body, error: short ? "incomplete body" : undefined });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ body: Buffer.alloc(0), error: "timeout" });
    }, ask.timeoutMs ?? 15_000);
    req.on("error", (e: NodeJS.ErrnoException) => done({ body: Buffer.alloc(0), error: e.code ?? e.message }));
    req.end(ask.body);
  });
}

/** extensions.code of every error in a GraphQL-shaped (or media-error-shaped) JSON body; [] if none or not JSON. */
export function errorCodes(body: Buffer): string[] {
  try {
    const json = JSON.parse(body.toString("utf8")) as { errors?: { extensions?: { code?: unknown } }[]; error?: { code?: unknown } };
    const codes = (json.errors ?? []).map((e) => String(e.extensions?.code ?? "UNCODED"));
    if (json.error?.code !== undefined) codes.push(String(json.error.code));
    return codes;
  } catch {
    return [];
  }
}
