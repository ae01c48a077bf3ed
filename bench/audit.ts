// `npm run bench:audit [-- --rounds=N] [-- --force]`: what the audit trail costs a request that
// carries personal data. Three gateway processes, identical but for the trail (off, embedded PGlite,
// a PostgreSQL server), measured alternately against one emulator: a lone caller's latency (c=1)
// and throughput at c=32. Ratios are against "off" in the same run.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startPostgres } from "../test/support/postgres-server.js";
import { checkMachine, DEFAULT_MAX_LOAD_PER_CORE, provenanceLine } from "./provenance.js";
import { benchGatewayEnv } from "./gateway-env.js";
import { freePort, killAllSync, spawnNode, stopAll, waitForHttp, type Child } from "./processes.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DIST = join(ROOT, "dist");
const STARTUP_TIMEOUT_MS = 60_000;
const SECONDS = 5;
const QUERY = `{ session(id: "9a7dbbfd-7190-486c-9066-91d372e4c6e2") { state clientSessionToken resources { idDocuments { documentFields { values { fullName dateOfBirth documentNumber } } } } } }`;

interface Run {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** One autocannon run against `url`; a response without the document values counts as an error. */
async function load(url: string, connections: number, seconds: number): Promise<Run> {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json", "x-access-purpose": "bench" },
    body: JSON.stringify({ query: QUERY }),
    connections,
    duration: seconds,
    expectBody: undefined,
    timeout: 10,
  });
  let bad = 0;
  instance.on("response", (_client, statusCode, _bytes, ms) => {
    if (statusCode === 200) latencies.push(ms);
    else bad += 1;
  });
  const r = await instance;
  return { rps: r["2xx"] / r.duration, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors: bad + r.errors + r.timeouts };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rounds = Number(args.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 3);
  const provenance = checkMachine(ROOT, DEFAULT_MAX_LOAD_PER_CORE, args.includes("--force"));
  console.log(provenanceLine(provenance));
  const tmp = await mkdtemp(join(tmpdir(), "idv-graph-bench-audit-"));
  const postgres = await startPostgres();
  try {
    const emulator = spawnNode("emulator", [join(DIST, "emulator", "main.js")], { EMULATOR_PORT: "0", EMULATOR_HOST: "127.0.0.1", EMULATOR_LATENCY_MS: "0" });
    const emu = JSON.parse(await emulator.firstLine(STARTUP_TIMEOUT_MS)) as { baseUrl: string; sdkId: string; keyFile: string };
    const gateway = async (name: string, audit: Record<string, string>): Promise<{ child: Child; url: string }> => {
      const port = await freePort();
      const child = spawnNode(name, [join(DIST, "main.js")], benchGatewayEnv(emu, port, audit));
      const url = `http://127.0.0.1:${port}/`;
      // Ready means the audit store is open too.
      await waitForHttp(child, `${url}health/ready`, STARTUP_TIMEOUT_MS);
      return { child, url };
    };
    const targets = [
      { name: "off", ...(await gateway("off", { GATEWAY_AUDIT: "off" })) },
      { name: "pglite", ...(await gateway("pglite", { GATEWAY_AUDIT: "on", GATEWAY_AUDIT_DIR: join(tmp, "pglite") })) },
      { name: "postgres", ...(await gateway("postgres", { GATEWAY_AUDIT: "on", GATEWAY_AUDIT_DATABASE_URL: postgres.url })) },
    ];
    const results: Record<string, Record<string, Run[]>> = { c1: {}, c32: {} };
    for (const [label, connections] of [["c1", 1], ["c32", 32]] as const) {
      for (const t of targets) await load(t.url, connections, 2); // warm-up
      for (let round = 0; round < rounds; round++) {
        for (const t of targets) {
          const r = await load(t.url, connections, SECONDS);
          (results[label]![t.name] ??= []).push(r);
          console.log(`${label} round ${round + 1}/${rounds} ${t.name.padEnd(8)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  errors ${r.errors}`);
        }
      }
    }
    const median = (runs: Run[], key: keyof Run) => percentile(runs.map((r) => r[key]), 50);
    const summary: Record<string, unknown> = { provenance, rounds, seconds: SECONDS };
    const lines = ["| trail | c=1 p50 ms | c=1 p99 ms | added p50 ms | c=32 req/s | throughput vs off |", "| --- | --- | --- | --- | --- | --- |"];
    const off = { p50: median(results.c1!.off!, "p50"), rps: median(results.c32!.off!, "rps") };
    for (const t of targets) {
      const row = {
        p50: median(results.c1![t.name]!, "p50"),
        p99: median(results.c1![t.name]!, "p99"),
        rps: median(results.c32![t.name]!, "rps"),
        errors: [...results.c1![t.name]!, ...results.c32![t.name]!].reduce((n, r) => n + r.errors, 0),
      };
      summary[t.name] = row;
      lines.push(`| ${t.name} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${(row.p50 - off.p50).toFixed(2)} | ${row.rps.toFixed(0)} | ${(row.rps / off.rps).toFixed(2)} |`);
    }
    console.log(lines.join("\n"));
    await mkdir(join(ROOT, "bench", "results"), { recursive: true });
    await writeFile(join(ROOT, "bench", "results", "audit.json"), `${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    await stopAll();
    await postgres.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

process.on("SIGINT", () => {
  killAllSync();
  process.exit(130);
});
main().catch((error: unknown) => {
  console.error(error);
  killAllSync();
  process.exit(1);
});
