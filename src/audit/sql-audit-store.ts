import { CHAIN_LOCK } from "./advisory-locks.js";
import { chainHash } from "./audit-chain.js";
import type { AuditCheckpoint, VerifiableStore } from "./audit-checkpoint.js";
import type { AuditEvent, AuditEventInput } from "./audit-event.js";
import { EVENT_COLUMNS, INSERT_EVENTS, eventToRow, rowToEvent, type EventRow } from "./audit-rows.js";
import { AuditUnavailableError, type AuditFilter, type AuditPage, type AuditStore } from "./audit-store.js";
import { GroupCommit } from "./group-commit.js";
import { migrate } from "./migrate.js";
import type { SqlClient, SqlSession } from "./sql/sql-client.js";
import { storableEvent } from "./storable-event.js";
import { safeCause } from "./store-failure.js";

/** Tuning of a SqlAuditStore; the defaults suit the gateway. */
export interface SqlAuditStoreOptions {
  /** How long an idle queue waits for more appends before committing (default 0: at once; appends made meanwhile join the next commit). */
  readonly lingerMs?: number;
  /** Events per transaction at most (default 1,000). */
  readonly maxBatch?: number;
  /** Events queued or in flight beyond which appends are refused at once (default 10,000). */
  readonly maxPending?: number;
  /** How often a store marked unavailable checks whether it is back (default 2 s). */
  readonly probeMs?: number;
  /** Rows per query when streaming (default 1,000). */
  readonly streamPage?: number;
  /** Seqs deleted per retention statement (default 50,000). */
  readonly retentionSlice?: number;
}

const MAX_PAGE = 500;
const DIGITS = /^\d{1,19}$/;

/** The chain's start inside a transaction: the last stored event, or the checkpoint when none is left. */
async function chainTail(tx: SqlSession): Promise<AuditCheckpoint> {
  const [last] = await tx.query<AuditCheckpoint>("SELECT seq::text AS seq, hash FROM audit_events ORDER BY audit_events.seq DESC LIMIT 1");
  return last ?? (await readCheckpoint(tx));
}

async function readCheckpoint(db: SqlSession): Promise<AuditCheckpoint> {
  const [row] = await db.query<AuditCheckpoint>("SELECT seq::text AS seq, hash FROM audit_checkpoint");
  if (!row) throw new Error("audit_checkpoint has no row");
  return row;
}

/**
 * The audit store over SQL (PGlite or a PostgreSQL server, the same statements). Appends are
 * group-committed; each transaction takes the chain's advisory lock, reads the chain's tail and
 * extends it, so replicas sharing one server keep one chain between them. A connection lost while
 * COMMIT is in flight rejects the append though the server may have committed it: the trail then
 * holds the event and the caller was refused, never the reverse.
 */
export class SqlAuditStore implements AuditStore, VerifiableStore {
  readonly kind: "postgres" | "pglite";
  private up = true;
  private closed = false;
  private probe: NodeJS.Timeout | undefined;
  private readonly group: GroupCommit<AuditEventInput>;
  private readonly probeMs: number;
  private readonly streamPage: number;
  private readonly retentionSlice: bigint;

  private constructor(
    private readonly client: SqlClient,
    options: SqlAuditStoreOptions,
  ) {
    this.kind = client.kind;
    this.probeMs = options.probeMs ?? 2_000;
    this.streamPage = options.streamPage ?? 1_000;
    this.retentionSlice = BigInt(options.retentionSlice ?? 50_000);
    this.group = new GroupCommit({
      commit: (events) => this.commit(events),
      // No wait for a lone append: appends made while a commit is in flight share the next one.
      lingerMs: options.lingerMs ?? 0,
      maxBatch: options.maxBatch ?? 1_000,
      maxPending: options.maxPending ?? 10_000,
      onCommitted: () => this.markUp(),
      onFailed: () => this.markDown(),
    });
  }

  /** Applies pending migrations on `client`, then returns the store over it (closing the client if that fails). */
  static async open(client: SqlClient, options: SqlAuditStoreOptions = {}): Promise<SqlAuditStore> {
    try {
      await migrate(client);
    } catch (error) {
      await client.close().catch(() => {});
      throw new AuditUnavailableError(safeCause(error));
    }
    return new SqlAuditStore(client, options);
  }

  get available(): boolean {
    return this.up && !this.closed;
  }

  /** Events queued or in flight (a gauge for metrics). */
  get pending(): number {
    return this.group.size;
  }

  append(events: readonly AuditEventInput[]): Promise<void> {
    // Checked here, alone: a malformed event inside the shared transaction would fail everyone's appends.
    let storable: AuditEventInput[];
    try {
      storable = events.map(storableEvent);
    } catch {
      return Promise.reject(new TypeError("malformed audit event"));
    }
    if (storable.some((event) => Number.isNaN(event.at.getTime()))) return Promise.reject(new RangeError("audit event has an invalid date"));
    return this.group.submit(storable);
  }

  async list(filter: AuditFilter): Promise<AuditPage> {
    if (!Number.isInteger(filter.first) || filter.first < 1 || filter.first > MAX_PAGE) throw new RangeError(`first must be an integer from 1 to ${MAX_PAGE}`);
    if (filter.beforeSeq !== undefined && !DIGITS.test(filter.beforeSeq)) throw new RangeError("beforeSeq must be a sequence number");
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      where.push(condition.replace("?", `$${params.length}`));
    };
    if (filter.sessionId !== undefined) add("session_id = ?", filter.sessionId);
    if (filter.caller !== undefined) add("caller = ?", filter.caller);
    if (filter.from !== undefined) add("at >= ?", filter.from.toISOString());
    if (filter.to !== undefined) add("at < ?", filter.to.toISOString());
    if (filter.beforeSeq !== undefined) add("seq < ?::bigint", filter.beforeSeq);
    params.push(filter.first + 1);
    const sql = `SELECT ${EVENT_COLUMNS} FROM audit_events ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY audit_events.seq DESC LIMIT $${params.length}`;
    const rows = await this.read(() => this.client.query<EventRow>(sql, params));
    return { events: rows.slice(0, filter.first).map(rowToEvent), hasNextPage: rows.length > filter.first };
  }

  async *stream(range: { readonly from?: Date; readonly to?: Date }): AsyncIterable<AuditEvent> {
    const from = range.from?.toISOString() ?? null;
    const to = range.to?.toISOString() ?? null;
    let after = "0";
    for (;;) {
      // Keyset pagination by seq: each page is one short query, so an export of millions never holds them all.
      const rows = await this.read(() =>
        this.client.query<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM audit_events WHERE seq > $1::bigint AND ($2::timestamptz IS NULL OR at >= $2::timestamptz) AND ($3::timestamptz IS NULL OR at < $3::timestamptz) ORDER BY audit_events.seq LIMIT $4`,
          [after, from, to, this.streamPage],
        ),
      );
      for (const row of rows) yield rowToEvent(row);
      if (rows.length < this.streamPage) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  /** Where the stored chain starts (for verification). */
  checkpoint(): Promise<AuditCheckpoint> {
    return this.read(() => readCheckpoint(this.client));
  }

  async applyRetention(now: Date, days: number): Promise<{ readonly removed: number }> {
    if (!(days > 0)) throw new RangeError("retention days must be positive");
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    return this.read(() =>
      this.client.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
        // Transaction-local: the append-only trigger lets DELETE and the checkpoint's UPDATE through in this transaction only.
        await tx.query("SELECT set_config('idv_graph.retention', 'on', true)");
        const [last] = await tx.query<AuditCheckpoint>(
          "SELECT seq::text AS seq, hash FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events WHERE at < $1::timestamptz)",
          [cutoff],
        );
        if (!last) return { removed: 0 };
        await tx.query("UPDATE audit_checkpoint SET seq = $1::bigint, hash = $2", [last.seq, last.hash]);
        // In slices of seq, so no one statement outlasts the client's query timeout however much is due.
        const [{ low } = { low: last.seq }] = await tx.query<{ low: string }>("SELECT min(seq)::text AS low FROM audit_events");
        let removed = 0;
        for (let from = BigInt(low); from <= BigInt(last.seq); from += this.retentionSlice) {
          const [slice] = await tx.query<{ removed: number }>(
            "WITH gone AS (DELETE FROM audit_events WHERE seq >= $1::bigint AND seq <= LEAST($2::bigint, $3::bigint) RETURNING 1) SELECT count(*)::int AS removed FROM gone",
            [from.toString(), (from + this.retentionSlice - 1n).toString(), last.seq],
          );
          removed += slice?.removed ?? 0;
        }
        return { removed };
      }),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopProbe();
    await this.group.close();
    await this.client.close();
  }

  private async commit(events: AuditEventInput[]): Promise<void> {
    await this.client.transaction(async (tx) => {
      // Held to COMMIT: no other writer (replica) reads the tail until this batch is visible.
      await tx.query(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
      const tail = await chainTail(tx);
      let seq = BigInt(tail.seq);
      let prevHash = tail.hash;
      const rows = events.map((input) => {
        seq += 1n;
        const placed = { ...input, seq: seq.toString() };
        const hash = chainHash(prevHash, placed);
        const row = eventToRow({ ...placed, prevHash, hash });
        prevHash = hash;
        return row;
      });
      await tx.query(INSERT_EVENTS, [JSON.stringify(rows)]);
    });
  }

  /** Runs a read; a failure means the store is unreachable (inputs were checked before). */
  private async read<T>(run: () => Promise<T>): Promise<T> {
    if (this.closed) throw new AuditUnavailableError(new Error("audit store closed"));
    try {
      return await run();
    } catch (error) {
      if (error instanceof RangeError) throw error;
      this.markDown();
      throw new AuditUnavailableError(safeCause(error));
    }
  }

  private markUp(): void {
    this.up = true;
    this.stopProbe();
  }

  /** Marks the store unavailable and probes it until it answers, so readiness recovers without traffic. */
  markDown(): void {
    this.up = false;
    if (this.probe !== undefined || this.closed) return;
    this.probe = setInterval(() => {
      this.client.query("SELECT 1").then(
        () => {
          if (!this.closed) this.markUp();
        },
        () => {},
      );
    }, this.probeMs);
    this.probe.unref();
  }

  private stopProbe(): void {
    if (this.probe !== undefined) clearInterval(this.probe);
    this.probe = undefined;
  }
}
