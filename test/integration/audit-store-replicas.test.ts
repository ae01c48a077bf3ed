import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditUnavailableError } from "../../src/audit/audit-store.js";
import { verifyStore } from "../../src/audit/audit-verify.js";
import { openAuditStore } from "../../src/audit/open-audit-store.js";
import type { SqlAuditStore } from "../../src/audit/sql-audit-store.js";
import { auditEvent } from "../support/audit-events.js";
import { auditVerify } from "../support/audit-verify-cli.js";
import { startPostgres, type PostgresServer } from "../support/postgres-server.js";
import { sleep, until } from "../support/wait.js";

const run = promisify(execFile);
const WRITER = new URL("../support/audit-writer.ts", import.meta.url).pathname;

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.close();
});

describe("audit store shared by replicas (PostgreSQL)", () => {
  it("two processes, each with its own pool, append 5,000 events each at once: one chain of 10,000 that verifies", async () => {
    // Both start on a fresh database, so they also race to apply the migrations.
    const started = performance.now();
    const writers = await Promise.all(
      ["replica-a", "replica-b"].map((name) => run(process.execPath, ["--import", "tsx", WRITER, server.url, "5000", name], { timeout: 60_000 })),
    );
    const wallMs = performance.now() - started;
    const [a, b] = writers.map((w) => (JSON.parse(w.stdout.trim()) as { ms: number }).ms);
    const store = await openAuditStore({ databaseUrl: server.url, dir: "" });
    try {
      const result = await verifyStore(store);
      expect(result).toMatchObject({ ok: true, count: 10_000, firstSeq: "1", lastSeq: "10000" });
      for (const caller of ["replica-a", "replica-b"]) {
        let n = 0;
        for await (const event of store.stream({})) if (event.caller === caller) n++;
        expect(n).toBe(5_000);
      }
      const cli = await auditVerify(["--database-url", server.url]);
      expect(cli).toMatchObject({ code: 0, stdout: "ok: 10000 events verified (seq 1..10000), from the genesis\n" });
      console.log(`2 replicas x 5,000 events: appends took ${a!.toFixed(0)} ms and ${b!.toFixed(0)} ms (${Math.round(10_000 / (Math.max(a!, b!) / 1000))} events/s together); wall time with process start ${wallMs.toFixed(0)} ms`);
    } finally {
      await store.close();
    }
  }, 90_000);

  it("a stopped server: appends reject with AuditUnavailableError and `available` goes false; started again, the probe recovers it", async () => {
    const store: SqlAuditStore = await openAuditStore({ databaseUrl: server.url, dir: "" }, { probeMs: 200 });
    try {
      await store.append([auditEvent({ requestId: "before-stop" })]);
      expect(store.available).toBe(true);
      // Load running while the server stops.
      const load = Array.from({ length: 200 }, (_, i) =>
        sleep(i).then(() => store.append([auditEvent({ requestId: `load-${i}` })])).then(
          () => "ok",
          (error: unknown) => error,
        ),
      );
      await sleep(40);
      await server.stop();
      const outcomes = await Promise.all(load);
      const failures = outcomes.filter((o) => o !== "ok");
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.every((f) => f instanceof AuditUnavailableError)).toBe(true);
      expect(store.available).toBe(false);
      await expect(store.append([auditEvent({ requestId: "while-down" })])).rejects.toBeInstanceOf(AuditUnavailableError);
      await expect(store.list({ first: 1 })).rejects.toBeInstanceOf(AuditUnavailableError);

      await server.start();
      // No traffic: the probe alone brings readiness back.
      await until(() => store.available, { what: "the probe to see the store back", timeoutMs: 10_000 });
      await store.append([auditEvent({ requestId: "after-start" })]);
      const result = await verifyStore(store);
      expect(result.ok).toBe(true);
      expect(result.ok && result.count).toBe(10_000 + 2 + outcomes.length - failures.length);
    } finally {
      await store.close();
    }
  }, 60_000);
});
