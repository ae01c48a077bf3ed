import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/audit-event.js";
import { AuditUnavailableError } from "../../src/audit/audit-store.js";
import { verifyStore } from "../../src/audit/audit-verify.js";
import { migrate } from "../../src/audit/migrate.js";
import type { SqlAuditStore } from "../../src/audit/sql-audit-store.js";
import type { SqlClient } from "../../src/audit/sql/sql-client.js";
import { auditEvent } from "./audit-events.js";

/** A store under test and a plain connection to the same database (PGlite: the store's own). */
export interface AuditBackend {
  readonly name: string;
  /** Opens (or reopens, same dir or URL) the store. */
  open(): Promise<{ store: SqlAuditStore; plain: SqlClient }>;
  /** Closes whatever `open` made besides the store. */
  release(): Promise<void>;
  /** Opens the same database again in this process, where that must be refused (PGlite). */
  openAgain?(): Promise<unknown>;
}

async function collect(events: AsyncIterable<AuditEvent>): Promise<AuditEvent[]> {
  const all: AuditEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** The same tests against every backend: one store per backend, opened once (PGlite opens are slow). */
export function auditStoreSuite(backend: AuditBackend): void {
  describe(`audit store on ${backend.name}`, () => {
    let store: SqlAuditStore;
    let plain: SqlClient;
    beforeAll(async () => {
      ({ store, plain } = await backend.open());
    });
    afterAll(async () => {
      await store?.close();
      await backend.release();
    });

    it("records each migration once; applying them again changes nothing", async () => {
      expect(await plain.query("SELECT version FROM audit_schema_migrations ORDER BY version")).toEqual([{ version: 1 }, { version: 2 }]);
      expect(await migrate(plain)).toEqual([]);
    });

    const { openAgain } = backend;
    if (openAgain) {
      it("refuses a second open of the same database in this process", async () => {
        await expect(openAgain()).rejects.toThrow("already open");
      });
    }

    it("appends, and lists newest first with keyset pagination and filters", async () => {
      const sessionId = randomUUID();
      const base = Date.parse("2025-03-01T00:00:00.000Z");
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          store.append([auditEvent({ sessionId, caller: i % 2 === 0 ? "even" : "odd", requestId: `r${i}`, at: new Date(base + i * 60_000) })]),
        ),
      );
      const seen: AuditEvent[] = [];
      let beforeSeq: string | undefined;
      for (;;) {
        const page = await store.list({ sessionId, first: 10, beforeSeq });
        seen.push(...page.events);
        if (!page.hasNextPage) break;
        expect(page.events).toHaveLength(10);
        beforeSeq = page.events.at(-1)!.seq;
      }
      expect(seen).toHaveLength(25);
      const seqs = seen.map((e) => BigInt(e.seq));
      expect(seqs).toEqual([...seqs].sort((a, b) => (a > b ? -1 : 1)));
      expect(new Set(seen.map((e) => e.requestId)).size).toBe(25);

      const odd = await store.list({ sessionId, caller: "odd", first: 500 });
      expect(odd.events).toHaveLength(12);
      expect(odd.events.every((e) => e.caller === "odd")).toBe(true);
      const window = await store.list({ sessionId, from: new Date(base + 5 * 60_000), to: new Date(base + 10 * 60_000), first: 500 });
      expect(window.events.map((e) => e.at.getTime()).sort()).toEqual([5, 6, 7, 8, 9].map((i) => base + i * 60_000));
      expect(window.hasNextPage).toBe(false);
      const one = await store.list({ sessionId, first: 1 });
      expect(one.hasNextPage).toBe(true);
      expect(one.events[0]).toMatchObject({ sessionId, coordinates: ["DocumentFieldValues.dateOfBirth", "DocumentFieldValues.fullName"], refused: [], masked: false });
      await expect(store.list({ first: 0 })).rejects.toThrow(RangeError);
      await expect(store.list({ first: 501 })).rejects.toThrow(RangeError);
    });

    it("streams oldest first in chain order, paging through, within an `at` range", async () => {
      const all = await collect(store.stream({}));
      expect(all.length).toBeGreaterThanOrEqual(25);
      for (let i = 1; i < all.length; i++) {
        expect(BigInt(all[i]!.seq)).toBeGreaterThan(BigInt(all[i - 1]!.seq));
        expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
      }
      const from = new Date("2025-03-01T00:03:00.000Z");
      const to = new Date("2025-03-01T00:07:00.000Z");
      const ranged = await collect(store.stream({ from, to }));
      expect(ranged).toHaveLength(4);
      expect(ranged.every((e) => e.at >= from && e.at < to)).toBe(true);
    });

    it("group-commits: a burst of appends shares transactions, each resolving after commit; single-append latency is small", async () => {
      const before = (await collect(store.stream({}))).length;
      const started = performance.now();
      await Promise.all(Array.from({ length: 300 }, (_, i) => store.append([auditEvent({ requestId: `burst-${i}` })])));
      const burstMs = performance.now() - started;
      expect((await collect(store.stream({}))).length).toBe(before + 300);
      const singles: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await store.append([auditEvent({ requestId: `single-${i}` })]);
        singles.push(performance.now() - t);
      }
      singles.sort((a, b) => a - b);
      console.log(`[${backend.name}] 300 concurrent appends: ${burstMs.toFixed(0)} ms; single append median ${singles[10]!.toFixed(1)} ms, max ${singles[19]!.toFixed(1)} ms`);
      expect(singles[10]).toBeLessThan(500);
      expect(store.available).toBe(true);
      expect((await verifyStore(store)).ok).toBe(true);
    });

    it("stores odd strings (NUL, lone surrogates) without failing the batch", async () => {
      const sessionId = randomUUID();
      await store.append([auditEvent({ sessionId, caller: "a\u0000b", purpose: "x\ud800y" })]);
      const [event] = (await store.list({ sessionId, first: 1 })).events;
      expect(event).toMatchObject({ caller: "a\ufffdb", purpose: "x\ufffdy" });
      expect((await verifyStore(store)).ok).toBe(true);
    });

    it("refuses a malformed event alone, without failing the store", async () => {
      await expect(store.append([auditEvent({ at: new Date(Number.NaN) })])).rejects.toThrow(RangeError);
      await expect(store.append([{ ...auditEvent(), coordinates: undefined } as never])).rejects.toThrow(TypeError);
      expect(store.available).toBe(true);
    });

    it("refuses UPDATE, DELETE and TRUNCATE from a plain connection (append-only)", async () => {
      await expect(plain.query("UPDATE audit_events SET purpose = 'edited'")).rejects.toThrow(/append-only/);
      await expect(plain.query("DELETE FROM audit_events")).rejects.toThrow(/append-only/);
      await expect(plain.query("TRUNCATE audit_events")).rejects.toThrow(/append-only/);
      await expect(plain.query("UPDATE audit_checkpoint SET seq = 5")).rejects.toThrow(/retention/);
      await expect(plain.query("DELETE FROM audit_checkpoint")).rejects.toThrow(/retention/);
      expect((await verifyStore(store)).ok).toBe(true);
    });

    it("an owner who disables the trigger can edit a row, and verification names that row", async () => {
      const [victim] = (await store.list({ first: 3 })).events.slice(2);
      await plain.exec("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update");
      try {
        await plain.query("UPDATE audit_events SET purpose = 'edited' WHERE seq = $1::bigint", [victim!.seq]);
        expect(await verifyStore(store)).toEqual({ ok: false, seq: victim!.seq, reason: "hash does not match the event's contents" });
        await plain.query("UPDATE audit_events SET purpose = $2 WHERE seq = $1::bigint", [victim!.seq, victim!.purpose]);
      } finally {
        await plain.exec("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update");
      }
      expect((await verifyStore(store)).ok).toBe(true);
    });

    it("keeps events across a restart, refuses appends once closed, and the chain continues verifiably", async () => {
      const before = await verifyStore(store);
      expect(before.ok).toBe(true);
      await store.close();
      expect(store.available).toBe(false);
      await expect(store.append([auditEvent()])).rejects.toBeInstanceOf(AuditUnavailableError);
      await backend.release();
      ({ store, plain } = await backend.open());
      await store.append([auditEvent({ requestId: "after-restart" })]);
      const after = await verifyStore(store);
      expect(after).toMatchObject({ ok: true, count: (before.ok ? before.count : 0) + 1, firstSeq: before.ok ? before.firstSeq : null });
      expect(after.ok && BigInt(after.lastSeq!)).toBe(before.ok && BigInt(before.lastSeq!) + 1n);
    });

    it("retention removes old events behind a checkpoint, and the rest still verifies", async () => {
      const now = new Date();
      await store.append(Array.from({ length: 5 }, (_, i) => auditEvent({ requestId: `old-${i}`, at: new Date(now.getTime() - (100 - i) * 86_400_000) })));
      const lastOld = (await store.list({ first: 1 })).events[0]!;
      await store.append(Array.from({ length: 3 }, (_, i) => auditEvent({ requestId: `new-${i}`, at: now })));
      const total = (await collect(store.stream({}))).length;

      const { removed } = await store.applyRetention(now, 30);
      expect(removed).toBe(total - 3);
      expect(await store.checkpoint()).toEqual({ seq: lastOld.seq, hash: lastOld.hash });
      const left = await collect(store.stream({}));
      expect(left.map((e) => e.requestId)).toEqual(["new-0", "new-1", "new-2"]);
      expect(left[0]!.prevHash).toBe(lastOld.hash);
      expect(await verifyStore(store)).toMatchObject({ ok: true, count: 3 });
      expect(await store.applyRetention(now, 30)).toEqual({ removed: 0 });
      // Retention's permission ends with its transaction.
      await expect(plain.query("DELETE FROM audit_events")).rejects.toThrow(/append-only/);

      // And the chain goes on from the remaining events.
      await store.append([auditEvent({ requestId: "after-retention" })]);
      expect(await verifyStore(store)).toMatchObject({ ok: true, count: 4 });
    });
  });
}
