// `npm run bench:components`: where one full-session request's CPU goes, measured in one gateway
// process: (a) the upstream replaced by the parsed body in memory (HTTP in, Apollo, execution, JSON
// out), (b) the real signed upstream (the emulator in its own process). The load comes from a child
// process, so the CPU counted (process.cpuUsage: every thread of this process, the signing pool
// included) is the gateway's alone.
import "./production-env.js";
import { fork, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PerformanceObserver } from "node:perf_hooks";
import { emulatorUpstream } from "../src/config/upstream-config.js";
import { loadConfig } from "../src/config/config.js";
import { startGateway } from "../src/server/gateway.js";
import { createLogger } from "../src/server/observability/logger.js";
import { createMetrics } from "../src/server/observability/metrics.js";
import { parseSessionBody } from "../src/upstream/parse-session.js";
import { createYotiClient, type YotiClient } from "../src/upstream/yoti-client.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const APPROVED = "9a7dbbfd-7190-486c-9066-91d372e4c6e2";
const SECONDS = 8;

async function measure(label: string, client: YotiClient): Promise<void> {
  const config = loadConfig({ NODE_ENV: "development", PORT: "0", HOST: "127.0.0.1", GATEWAY_INTROSPECTION: "false" });
  const gateway = await startGateway({ config: { ...config, server: { ...config.server, introspection: false } }, client, logger: createLogger("warn"), metrics: createMetrics() });
  const query = readFileSync(`${ROOT}test/operations/full-session.graphql`, "utf8");
  const body = JSON.stringify({ query, operationName: "FullSession", variables: { id: APPROVED } });
  const load = fork(`${ROOT}bench/components-load.mjs`, [gateway.url, body, String(SECONDS)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let start: NodeJS.CpuUsage | undefined;
  // Time in garbage collection (the main thread's pauses, as perf_hooks reports them) during the measured run.
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    if (start) for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  gc.observe({ entryTypes: ["gc"] });
  const result = await new Promise<{ served: number; rps: number }>((resolve) =>
    load.on("message", (m: "measuring" | { served: number; rps: number }) => (m === "measuring" ? (start = process.cpuUsage()) : resolve(m))),
  );
  const cpu = process.cpuUsage(start);
  gc.disconnect();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${label.padEnd(30)} ${result.rps.toFixed(0).padStart(6)} req/s   CPU ${(cpuMs / result.served).toFixed(2)} ms per request, ` +
      `of which GC ${(gcMs / result.served).toFixed(2)} ms (${((100 * gcMs) / cpuMs).toFixed(0)}%)`,
  );
  await gateway.close();
}

async function main(): Promise<void> {
  const approved = readFileSync(`${ROOT}src/emulator/data/sessions/approved.json`, "utf8");
  const inMemory: YotiClient = {
    getSession: async () => parseSessionBody(approved, 200),
    getJsonMedia: async () => null,
    openMedia: async () => Promise.reject(new Error("no media here")),
    getSessionConfiguration: async () => Promise.reject(new Error("no configuration here")),
    getTrackedDevices: async () => Promise.reject(new Error("no devices here")),
    getSupportedDocuments: async () => ({ supported_countries: [] }),
  };
  await measure("GraphQL layer (no upstream)", inMemory);
  const emulator = spawn(process.execPath, ["--import", "tsx", `${ROOT}src/emulator/main.ts`], { env: { ...process.env, EMULATOR_PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve) => emulator.stdout!.once("data", (d: Buffer) => resolve(String(d).split("\n")[0]!)));
  const e = JSON.parse(line) as { baseUrl: string; sdkId: string; keyFile: string };
  try {
    await measure("with the signed upstream", createYotiClient(emulatorUpstream(loadConfig({}).upstream.tuning, e.baseUrl, e.sdkId, e.keyFile)));
  } finally {
    emulator.kill("SIGTERM");
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
