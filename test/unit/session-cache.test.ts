import { describe, expect, it } from "vitest";
import { ChangeBus } from "../../src/live/bus.js";
import { SessionCache, type CacheKind, type EvictionReason } from "../../src/upstream/cache/session-cache.js";
import { ErrorCode } from "../../src/errors/error-codes.js";
import { UpstreamError } from "../../src/upstream/upstream-error.js";
import type { WireSession } from "../../src/upstream/wire/index.js";
import type { YotiClient } from "../../src/upstream/yoti-client.js";

/** One GET the test answers when it chooses. */
interface PendingGet {
  readonly key: string;
  readonly signal?: AbortSignal;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** A client whose every read waits for the test to answer it. */
function heldClient(): YotiClient & { gets: PendingGet[] } {
  const gets: PendingGet[] = [];
  const wait = (key: string, signal?: AbortSignal) => new Promise<any>((resolve, reject) => gets.push({ key, signal, resolve, reject }));
  return {
    gets,
    getSession: (id, call) => wait(id, call?.signal),
    getJsonMedia: (id, mediaId, call) => wait(`${id}/${mediaId}`, call?.signal),
    openMedia: () => Promise.reject(new Error("not used")),
    getSessionConfiguration: () => Promise.reject(new Error("not used")),
    getTrackedDevices: () => Promise.reject(new Error("not used")),
    getSupportedDocuments: () => Promise.reject(new Error("not used")),
  };
}

const finished = (id: string, extra: Partial<WireSession> = {}): WireSession => ({ session_id: id, state: "COMPLETED", checks: [{ id: "c1", state: "DONE" }], ...extra });
const settle = () => new Promise((r) => setImmediate(r));

/** A cache over a held client, recording what its observer hears. */
function setup(maxBytes = 1024 * 1024) {
  const client = heldClient();
  const evictions: [CacheKind, EvictionReason][] = [];
  const held: Record<CacheKind, number> = { session: 0, media: 0 };
  const cache = new SessionCache(client, {
    ttlSeconds: 3_600,
    maxBytes,
    observer: { evicted: (kind, reason) => evictions.push([kind, reason]), held: (kind, bytes) => (held[kind] = bytes) },
  });
  return { client, cache, evictions, held, reader: () => cache.reader(() => {}) };
}

describe("session cache", () => {
  it("shares one frozen body between requests: a change to it throws instead of reaching the others", async () => {
    const { client, cache, reader } = setup();
    const first = reader().getSession("a");
    client.gets[0]!.resolve(finished("a"));
    const body = await first;
    const answered: CacheKind[] = [];
    expect(await cache.reader((kind) => answered.push(kind)).getSession("a")).toBe(body);
    expect(answered).toEqual(["session"]);
    expect(client.gets).toHaveLength(1);
    expect(Object.isFrozen(body) && Object.isFrozen(body.checks) && Object.isFrozen(body.checks![0])).toBe(true);
    expect(() => {
      (body as { state?: string }).state = "ONGOING";
    }).toThrow(TypeError);
    expect(() => (body.checks as unknown[]).push({})).toThrow(TypeError);
  });

  it("keeps neither an ONGOING session, nor a failure, nor a 204 media", async () => {
    const { client, reader, held } = setup();
    const ongoing = reader().getSession("o");
    client.gets[0]!.resolve(finished("o", { state: "ONGOING" }));
    await ongoing;
    const failed = reader().getSession("f");
    client.gets[1]!.reject(new UpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, "GET /sessions/:id", 503));
    await expect(failed).rejects.toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE });
    const empty = reader().getJsonMedia("o", "m");
    client.gets[2]!.resolve(null);
    expect(await empty).toBeNull();
    for (const read of [() => reader().getSession("o"), () => reader().getSession("f"), () => reader().getJsonMedia("o", "m")]) void read();
    expect(client.gets.map((g) => g.key)).toEqual(["o", "f", "o/m", "o", "f", "o/m"]);
    expect(held).toEqual({ session: 0, media: 0 });
  });

  it("a notification while the GET is in flight: those waiting get its result, which is not kept; later reads fetch anew", async () => {
    const { client, cache, reader } = setup();
    const waiting = reader().getSession("a");
    cache.evict("a");
    // A read after the notification does not join the GET that started before it.
    const after = reader().getSession("a");
    expect(client.gets).toHaveLength(2);
    client.gets[0]!.resolve(finished("a", { state: "EXPIRED" }));
    client.gets[1]!.resolve(finished("a"));
    expect((await waiting).state).toBe("EXPIRED");
    expect((await after).state).toBe("COMPLETED");
    expect((await reader().getSession("a")).state).toBe("COMPLETED");
    expect(client.gets).toHaveLength(2);
  });

  it("a request that leaves a shared GET is answered cancelled at once; the GET goes on for the others, and is aborted only when all have left", async () => {
    const { client, reader } = setup();
    const [one, two, three] = [new AbortController(), new AbortController(), new AbortController()];
    const first = reader().getSession("a", { signal: one.signal });
    const second = reader().getSession("a", { signal: two.signal });
    expect(client.gets).toHaveLength(1);
    one.abort();
    await expect(first).rejects.toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, reason: "cancelled" });
    expect(client.gets[0]!.signal!.aborted).toBe(false);
    client.gets[0]!.resolve(finished("a"));
    expect((await second).session_id).toBe("a");

    const lone = reader().getSession("b", { signal: three.signal });
    three.abort();
    await expect(lone).rejects.toMatchObject({ reason: "cancelled" });
    expect(client.gets[1]!.signal!.aborted).toBe(true);
    // Nobody joins the abandoned GET, and its late answer is not kept.
    const next = reader().getSession("b");
    expect(client.gets).toHaveLength(3);
    client.gets[1]!.resolve(finished("b", { state: "EXPIRED" }));
    client.gets[2]!.resolve(finished("b"));
    expect((await next).state).toBe("COMPLETED");
    expect((await reader().getSession("b")).state).toBe("COMPLETED");
  });

  it("counts the bytes it holds per kind; the least recently read leave first (size); evict and clear say why", async () => {
    const body = finished("x");
    const size = Buffer.byteLength(JSON.stringify(body));
    const { client, cache, reader, held, evictions } = setup(size * 2 + 1);
    for (const id of ["x", "y"]) {
      const read = reader().getSession(id);
      client.gets.at(-1)!.resolve(finished(id));
      await read;
    }
    const media = reader().getJsonMedia("y", "m");
    client.gets.at(-1)!.resolve({ a: 1 });
    await media;
    expect(held.session + held.media).toBe(cache.heldBytes);
    expect(cache.heldBytes).toBeLessThanOrEqual(size * 2 + 1);
    expect(evictions).toEqual([["session", "size"]]);
    // "x" was read least recently, so it left; "y" and its media stay until a notification names "y".
    cache.evict("y");
    expect(evictions.slice(1).sort()).toEqual([["media", "notification"], ["session", "notification"]]);
    expect(held).toEqual({ session: 0, media: 0 });
    const again = reader().getSession("z");
    client.gets.at(-1)!.resolve(finished("z"));
    await again;
    cache.clear();
    expect(evictions.at(-1)).toEqual(["session", "resync"]);
    expect(cache.heldBytes).toBe(0);
  });

  it("on the bus, every change evicts before any deliver listener runs (webhook, other replica, poller)", async () => {
    const { client, cache, reader } = setup();
    const bus = new ChangeBus();
    bus.onBeforeDeliver((n) => cache.evict(n.sessionId));
    const fetchedDuringDelivery: number[] = [];
    bus.onDeliver(() => {
      // A subscriber that reads the session the moment it hears of the change must not get the kept body.
      const before = client.gets.length;
      void reader().getSession("a");
      fetchedDuringDelivery.push(client.gets.length - before);
    });
    const read = reader().getSession("a");
    client.gets[0]!.resolve(finished("a"));
    await read;
    bus.publish({ sessionId: "a", topic: "check_completion", source: "webhook" });
    expect(fetchedDuringDelivery).toEqual([1]);
    client.gets.at(-1)!.resolve(finished("a"));
    await settle();
    // The poller publishes the same way, even a change kept on this replica (a resync): evicted first too.
    for (const reach of ["everywhere", "here"] as const) {
      const before = client.gets.length;
      bus.publish({ sessionId: "a", topic: "session_update", source: "poll" }, reach);
      expect(fetchedDuringDelivery.at(-1)).toBe(1);
      expect(client.gets.length).toBe(before + 1);
      client.gets.at(-1)!.resolve(finished("a"));
      await settle();
    }
  });
});

