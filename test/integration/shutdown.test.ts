import { Agent, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { demoSession } from "../support/demo-data.js";
import { LISTENING, logRecords, spawnGateway } from "../support/gateway-process.js";
import { sleep } from "../support/wait.js";

const approved = demoSession("approved").session_id as string;

type Outcome = "complete" | "refused" | "connection" | "broken";

/** One POST on a keep-alive agent: complete (200, whole body, the session), refused (503 SHUTTING_DOWN), connection (no answer at all), or broken (an answer cut short). */
function ask(agent: Agent, port: number): Promise<Outcome> {
  const body = JSON.stringify({ query: "query($id: ID!) { session(id: $id) { id state } }", variables: { id: approved } });
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/graphql", method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("error", () => resolve("broken"));
      res.on("end", () => {
        if (!res.complete) return resolve("broken");
        try {
          const json = JSON.parse(text) as { data?: { session?: { id?: string } }; errors?: { extensions?: { code?: string } }[] };
          if (res.statusCode === 200 && json.data?.session?.id === approved) return resolve("complete");
          if (res.statusCode === 503 && json.errors?.[0]?.extensions?.code === "SHUTTING_DOWN") return resolve("refused");
        } catch {
          // fall through
        }
        resolve("broken");
      });
    });
    req.on("error", () => resolve("connection"));
    req.end(body);
  });
}

async function ready(port: number): Promise<number | "refused"> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health/ready`, { headers: { connection: "close" } })).status;
  } catch {
    return "refused";
  }
}

describe("SIGTERM under keep-alive load loses nothing", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    // Each upstream answer takes 30 ms, so requests are always in flight when the signal lands.
    emulator = await startEmulator({ latencyMs: 30 });
  });
  afterAll(() => emulator?.close());

  it("readiness fails while the port is open, then every request is either served whole or refused before any upstream work", async () => {
    const gateway = spawnGateway({
      YOTI_CLIENT_SDK_ID: emulator.sdkId,
      YOTI_KEY_FILE_PATH: emulator.keyFile,
      YOTI_IDV_API_URL: emulator.baseUrl,
      GATEWAY_SHUTDOWN_GRACE_MS: "1500",
    });
    const port = Number(new URL((await gateway.waitFor(LISTENING))[1]!).port);
    expect(port).toBeGreaterThan(0);

    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    const outcomes: Outcome[] = [];
    let stopLoad = false;
    const worker = async () => {
      while (!stopLoad) {
        const outcome = await ask(agent, port);
        outcomes.push(outcome);
        if (outcome === "connection") await sleep(20);
      }
    };
    const workers = Array.from({ length: 32 }, worker);
    await sleep(700);
    const before = outcomes.length;
    gateway.proc.kill("SIGTERM");

    // During the grace period the port is open and readiness says 503, so a load balancer moves on.
    const probes: (number | "refused")[] = [];
    for (let i = 0; i < 10; i++) {
      probes.push(await ready(port));
      await sleep(50);
    }
    expect(probes.filter((p) => p === 503).length).toBeGreaterThan(5);

    const code = await gateway.closed;
    await sleep(200);
    stopLoad = true;
    await Promise.all(workers);
    agent.destroy();
    expect(code).toBe(0);

    const count = (o: Outcome, from = 0) => outcomes.slice(from).filter((x) => x === o).length;
    expect(count("broken")).toBe(0);
    expect(count("complete", before)).toBeGreaterThan(32);
    // Each request that ran made exactly one upstream GET; a refused one made none. So if any request
    // had been sent upstream and then reset, GETs would outnumber the complete answers.
    expect(emulator.stats().sessionGets[approved]).toBe(count("complete"));
    // The log counts only answers that finished as 200; nothing else claims success.
    const logged = logRecords(gateway.out());
    expect(logged.filter((r) => r.msg === "request" && r.status === 200).length).toBe(count("complete"));
  }, 60_000);
});
