import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/index.js";
import { demoCopy } from "../support/demo-data.js";
import { bearerAuth, postWebhook, WEBHOOK_TOKEN } from "../support/live.js";
import type { RedisServer } from "../support/redis.js";
import { redisConnected, startReplicaPair, type Replica, type ReplicaPair } from "../support/replicas.js";
import { until } from "../support/wait.js";

const CHECKS = `query($id: ID!) { session(id: $id) { id state checks { id state } } }`;
const PERSONAL = `query($id: ID!) { session(id: $id) { clientSessionToken resources { idDocuments { documentFields { values { fullName documentNumber } } } } } }`;

describe("session cache on two replicas sharing a real redis-server", () => {
  let pair: ReplicaPair;
  let redis: RedisServer;
  let emulator: Emulator;
  let a: Replica;
  let b: Replica;

  const ask = async (replica: Replica, id: string) => {
    const res = await fetch(replica.gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: CHECKS, variables: { id } }) });
    return ((await res.json()) as { data: { session: { state: string; checks: { state: string }[] } } }).data.session;
  };
  const gets = (id: string) => emulator.stats().sessionGets[id] ?? 0;
  const evictions = (replica: Replica, reason: string) => replica.metric("idv_graph_session_cache_evictions_total", { kind: "session", reason });
  /** A finished session both replicas have read (and keep), then changed upstream: each still serves its kept body. */
  const keptOnBoth = async () => {
    const id = randomUUID();
    const body = demoCopy("approved", id);
    emulator.addSession(id, body);
    for (const replica of [a, b, a, b]) expect((await ask(replica, id)).checks[0]!.state).toBe("DONE");
    expect(gets(id)).toBe(2);
    body.checks[0].state = "REDONE";
    emulator.addSession(id, body);
    expect((await ask(b, id)).checks[0]!.state).toBe("DONE");
    expect(gets(id)).toBe(2);
    return { id, checkId: body.checks[0].id as string };
  };

  beforeAll(async () => {
    pair = await startReplicaPair({ live: { webhook: { authType: "BEARER", token: WEBHOOK_TOKEN } }, cache: { ttlSeconds: 3_600 } });
    ({ redis, emulator, a, b } = pair);
  });
  afterAll(() => pair?.close());

  it("a webhook to A evicts the session on B too (through Redis): B's next request fetches the new body; no kept body reaches Redis or a log", async () => {
    const monitor = await redis.monitor();
    const { id, checkId } = await keptOnBoth();
    // Personal data in both caches: the session's token and its document fields (JSON media).
    const personal = await fetch(b.gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: PERSONAL, variables: { id } }) });
    const secrets = ((await personal.json()) as { data: { session: { clientSessionToken: string; resources: any } } }).data.session;
    const values = secrets.resources.idDocuments[0].documentFields.values;
    expect(values.fullName).toBe("JANE ALICE SPECIMEN");
    const before = await evictions(b, "notification");
    expect((await postWebhook(a.gateway.url, { session_id: id, topic: "check_completion", check_id: checkId }, bearerAuth())).status).toBe(200);
    await until(async () => (await evictions(b, "notification")) > before, { timeoutMs: 10_000, what: "B to hear of the notification" });
    expect((await ask(b, id)).checks[0]!.state).toBe("REDONE");
    expect((await ask(a, id)).checks[0]!.state).toBe("REDONE");
    expect(gets(id)).toBe(4);
    // Both keep the new body.
    await Promise.all([ask(a, id), ask(b, id)]);
    expect(gets(id)).toBe(4);

    await until(() => monitor.text().includes('"publish"'), { timeoutMs: 5_000, what: "MONITOR to show the publish" });
    const traffic = monitor.text();
    monitor.close();
    const logs = [...a.logs.lines, ...b.logs.lines].join("\n");
    for (const secret of [values.fullName, values.documentNumber, secrets.clientSessionToken, "SPECIMEN", "REDONE", '"checks"', "document_fields"]) {
      expect(traffic, secret).not.toContain(secret);
      expect(logs, secret).not.toContain(secret);
    }
  });

  it("a notification B missed while Redis was down: B drops everything it kept when Redis is back (counted as resync)", async () => {
    const { id, checkId } = await keptOnBoth();
    await redis.stop();
    await redisConnected([a, b], false, { what: "both replicas to see the outage" });
    // Only A hears of the change: B's kept body is behind for as long as the outage lasts.
    await postWebhook(a.gateway.url, { session_id: id, topic: "check_completion", check_id: checkId }, bearerAuth());
    expect((await ask(a, id)).checks[0]!.state).toBe("REDONE");
    expect((await ask(b, id)).checks[0]!.state).toBe("DONE");
    const resyncs = await evictions(b, "resync");
    await redis.start();
    await redisConnected([b], true, { timeoutMs: 15_000, what: "B back on Redis" });
    await until(async () => (await evictions(b, "resync")) > resyncs, { timeoutMs: 10_000, what: "B to drop what it kept" });
    expect(await b.metric("idv_graph_session_cache_bytes", { kind: "session" })).toBe(0);
    expect((await ask(b, id)).checks[0]!.state).toBe("REDONE");
  });
});
