import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { bearerAuth, collect, postWebhook, WEBHOOK_TOKEN, wsClient } from "../support/live.js";
import { redisConnected, startReplica, startReplicaPair, type Replica, type ReplicaPair } from "../support/replicas.js";
import { startRedis, type RedisServer } from "../support/redis.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { sleep, until } from "../support/wait.js";

const PERSONAL = `subscription($id: ID!) {
  sessionUpdated(id: $id) {
    topic
    session { id state clientSessionToken checks { id state } resources { idDocuments { documentFields { values { fullName dateOfBirth documentNumber } } } } }
  }
}`;
const TOPICS = `subscription($id: ID!) { sessionUpdated(id: $id) { topic session { state } } }`;
const LOST = /Redis connection lost/;

describe("two replicas and a real redis-server: webhooks", () => {
  let pair: ReplicaPair;
  let redis: RedisServer;
  let emulator: Emulator;
  let a: Replica;
  let b: Replica;
  const webhook = { authType: "BEARER" as const, token: WEBHOOK_TOKEN };

  beforeAll(async () => {
    pair = await startReplicaPair({ live: { webhook } });
    ({ redis, emulator, a, b } = pair);
    emulator.setWebhook({ url: new URL("webhooks/yoti", a.gateway.url).toString(), ...webhook });
  });
  afterAll(() => pair?.close());

  it("a webhook to A wakes subscribers on B (and A, once), each replica reading the session once; Redis sees ids, never a body or a personal value", async () => {
    const monitor = await redis.monitor();
    const id = randomUUID();
    await emulator.play({ sessionId: id, stepMs: 1, notify: false }).done;
    // Played to COMPLETED: make it ONGOING again so the streams stay open for the notification.
    emulator.play({ sessionId: id, stepMs: 600_000, notify: false });
    const [ca, cb] = [wsClient(a.gateway.url), wsClient(b.gateway.url)];
    const onA = collect(ca, PERSONAL, { id });
    const onB = collect(cb, PERSONAL, { id });
    await Promise.all([onA.waitFor(1), onB.waitFor(1)]);
    emulator.resetStats();
    const checkId = randomUUID();
    expect((await postWebhook(a.gateway.url, { session_id: id, topic: "check_completion", check_id: checkId }, bearerAuth())).status).toBe(200);
    await Promise.all([onA.waitFor(2), onB.waitFor(2)]);
    for (const sub of [onA, onB]) expect(sub.events.map((e) => e.data.sessionUpdated.topic)).toEqual(["snapshot", "check_completion"]);
    expect(emulator.stats().sessionGets).toEqual({ [id]: 2 });

    // Personal data flowed through both replicas during this test (the played session has document fields).
    await emulator.play({ sessionId: id, stepMs: 1, notify: false }).done;
    await postWebhook(a.gateway.url, { session_id: id, topic: "session_completion" }, bearerAuth());
    await Promise.all([onA.ended, onB.ended]);
    const last = onB.events.at(-1)!.data.sessionUpdated;
    const values = last.session.resources.idDocuments[0].documentFields.values;
    expect(values.fullName).toBe("JANE ALICE SPECIMEN");
    expect(onA.events.length).toBe(3);

    await until(() => monitor.text().includes('"topic\\":\\"session_completion'), { timeoutMs: 5_000, what: "MONITOR to show the last publish" });
    const traffic = monitor.text();
    monitor.close();
    expect(traffic).toContain('"publish" "idv-graph:notifications"');
    for (const secret of [values.fullName, values.dateOfBirth, values.documentNumber, last.session.clientSessionToken, WEBHOOK_TOKEN, "SPECIMEN", "last_updated", "resources", "document_fields", "recommendation"]) {
      expect(traffic, String(secret)).not.toContain(String(secret));
    }
    await Promise.all([ca.dispose(), cb.dispose()]);
  });

  it("Redis stopped mid-run: queries and readiness carry on, webhooks reach local subscribers, one warning per outage; after it restarts, missed changes are caught up and fan-out resumes", async () => {
    const missed = randomUUID();
    const later = randomUUID();
    emulator.play({ sessionId: missed, stepMs: 600_000, notify: false });
    emulator.play({ sessionId: later, stepMs: 600_000, notify: false });
    const [ca, cb] = [wsClient(a.gateway.url), wsClient(b.gateway.url)];
    const missedOnA = collect(ca, TOPICS, { id: missed });
    const missedOnB = collect(cb, TOPICS, { id: missed });
    const laterOnB = collect(cb, TOPICS, { id: later });
    await Promise.all([missedOnA.waitFor(1), missedOnB.waitFor(1), laterOnB.waitFor(1)]);

    await redis.stop();
    await redisConnected([a, b], false, { what: "both replicas to see the outage" });
    // Queries and readiness do not depend on Redis.
    const query = await fetch(a.gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ session(id: "${missed}") { state } }` }) });
    expect(await query.json()).toEqual({ data: { session: { state: "ONGOING" } } });
    expect((await fetch(new URL("health/ready", b.gateway.url))).status).toBe(200);

    // The session completes during the outage; Yoti's notification reaches A only.
    await emulator.play({ sessionId: missed, stepMs: 1, notify: false }).done;
    expect(await emulator.notify(missed, "session_completion")).toEqual({ status: 200 });
    await missedOnA.ended;
    expect(missedOnA.events.map((e) => e.data.sessionUpdated)).toEqual([
      { topic: "snapshot", session: { state: "ONGOING" } },
      { topic: "session_completion", session: { state: "COMPLETED" } },
    ]);
    expect(missedOnB.events).toHaveLength(1);
    // Reconnection attempts go on (backoff) without a warning each.
    await sleep(1_500);
    for (const replica of [a, b]) expect(replica.logs.lines.filter((l) => LOST.test(l))).toHaveLength(1);

    await redis.start();
    await redisConnected([a, b], true, { timeoutMs: 15_000, what: "both replicas back on Redis" });
    // B reads its watched sessions again: the completion it missed arrives, as a change it found itself.
    await missedOnB.ended;
    expect(missedOnB.events.map((e) => e.data.sessionUpdated)).toEqual([
      { topic: "snapshot", session: { state: "ONGOING" } },
      { topic: "session_completion", session: { state: "COMPLETED" } },
    ]);
    expect(await b.metric("idv_graph_live_upstream_gets_total", { cause: "resync" })).toBeGreaterThanOrEqual(1);
    // And fan-out works again: a webhook to A reaches B.
    await postWebhook(a.gateway.url, { session_id: later, topic: "resource_update", resource_id: "r" }, bearerAuth());
    await laterOnB.waitFor(2);
    expect(laterOnB.events[1]!.data.sessionUpdated.topic).toBe("resource_update");
    for (const replica of [a, b]) {
      expect(replica.logs.lines.filter((l) => LOST.test(l))).toHaveLength(1);
      expect(replica.logs.lines.filter((l) => /Redis connection restored/.test(l))).toHaveLength(1);
      expect(replica.logs.lines.join("\n")).not.toContain(redis.url);
    }
    laterOnB.stop();
    await Promise.all([ca.dispose(), cb.dispose()]);
  });
});

describe("two replicas and a real redis-server: what a replica could not send while it was cut off", () => {
  let redis: RedisServer;
  let emulator: Emulator;
  let proxy: TcpProxy;
  let a: Replica;
  let b: Replica;
  const webhook = { authType: "BEARER" as const, token: WEBHOOK_TOKEN };

  beforeAll(async () => {
    [redis, emulator] = await Promise.all([startRedis(), startEmulator()]);
    // A reaches Redis through a proxy the test can cut; B directly: only A loses its link.
    proxy = await startTcpProxy(redis.port);
    [a, b] = await Promise.all([
      startReplica(emulator, { live: { webhook, redisUrl: `redis://127.0.0.1:${proxy.port}` } }),
      startReplica(emulator, { live: { webhook, redisUrl: redis.url } }),
    ]);
    await redisConnected([a, b], true);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await proxy?.close();
    await emulator?.close();
    await redis?.stop();
  });

  it("is sent when A is back: B, which never lost Redis and so never reads its sessions again, still gets the event", async () => {
    const id = randomUUID();
    emulator.play({ sessionId: id, stepMs: 600_000, notify: false });
    const cb = wsClient(b.gateway.url);
    const onB = collect(cb, TOPICS, { id });
    await onB.waitFor(1);
    await proxy.cut();
    await redisConnected([a], false, { what: "A to see the outage" });
    // Accepted by A while it cannot reach Redis.
    expect((await postWebhook(a.gateway.url, { session_id: id, topic: "resource_update", resource_id: "r-1" }, bearerAuth())).json).toEqual({ status: "accepted" });
    await sleep(300);
    expect(onB.events).toHaveLength(1);
    await proxy.restore();
    await onB.waitFor(2, 15_000);
    expect(onB.events.map((e) => e.data.sessionUpdated)).toEqual([
      { topic: "snapshot", session: { state: "ONGOING" } },
      { topic: "resource_update", session: { state: "ONGOING" } },
    ]);
    // B never lost Redis: it read nothing again on its own.
    expect(await b.metric("idv_graph_live_upstream_gets_total", { cause: "resync" })).toBe(0);
    onB.stop();
    await cb.dispose();
  });
});

describe("two replicas and a real redis-server: polling without webhooks", () => {
  let redis: RedisServer;
  let emulator: Emulator;
  let replicas: Replica[];

  beforeAll(async () => {
    [redis, emulator] = await Promise.all([startRedis(), startEmulator()]);
    replicas = await Promise.all([0, 1].map(() => startReplica(emulator, { live: { redisUrl: redis.url, pollIntervalMs: 100 } })));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await emulator?.close();
    await redis?.stop();
  });

  it("one replica polls a session at a time (the lock holder); the other hears of its changes through Redis", async () => {
    const id = randomUUID();
    emulator.play({ sessionId: id, stepMs: 600_000, notify: false });
    const clients = replicas.map((r) => wsClient(r.gateway.url));
    const subs = clients.map((c) => collect(c, TOPICS, { id }));
    await Promise.all(subs.map((s) => s.waitFor(1)));
    emulator.play({ sessionId: id, stepMs: 300, notify: false });
    await Promise.all(subs.map((s) => s.ended));
    for (const s of subs) expect(s.events.at(-1)!.data.sessionUpdated).toEqual({ topic: "session_completion", session: { state: "COMPLETED" } });
    const polls = await Promise.all(replicas.map((r) => r.metric("idv_graph_live_upstream_gets_total", { cause: "poll" })));
    // The holder polled throughout; the other at most once, in the moment between the holder's release and the last event.
    expect(Math.max(...polls)).toBeGreaterThan(5);
    expect(Math.min(...polls)).toBeLessThanOrEqual(1);
    const listener = replicas[polls.indexOf(Math.min(...polls))]!;
    expect(await listener.metric("idv_graph_live_upstream_gets_total", { cause: "notification" })).toBeGreaterThan(2);
    await Promise.all(clients.map((c) => c.dispose()));
  });
});
