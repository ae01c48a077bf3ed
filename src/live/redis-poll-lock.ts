import type { Redis } from "ioredis";
import type { PollLock } from "./poller.js";

const KEY_PREFIX = "idv-graph:poll-lock:";

// Atomic take-or-renew and release: a lock that lapsed between a GET and a PEXPIRE could otherwise be extended for another replica.
const HOLD = `local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if v then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type LockCommands = Redis & {
  holdPollLock(key: string, holder: string, ttlMs: number): Promise<number>;
  releasePollLock(key: string, holder: string): Promise<number>;
};

/**
 * One poller per session across replicas: a key per session (`SET ... PX`, the value this
 * replica's id) taken or renewed at every poll. A holder that dies stops renewing, and another
 * replica takes over once the key lapses. Only the session id and a replica id are stored.
 */
export class RedisPollLock implements PollLock {
  private readonly redis: LockCommands;

  constructor(
    redis: Redis,
    private readonly holder: string,
  ) {
    redis.defineCommand("holdPollLock", { numberOfKeys: 1, lua: HOLD });
    redis.defineCommand("releasePollLock", { numberOfKeys: 1, lua: RELEASE });
    this.redis = redis as LockCommands;
  }

  /** Takes or renews the lock; true when this replica holds it. */
  async hold(sessionId: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.holdPollLock(KEY_PREFIX + sessionId, this.holder, Math.ceil(ttlMs))) === 1;
  }

  /** Gives the lock up if this replica holds it. */
  async release(sessionId: string): Promise<void> {
    await this.redis.releasePollLock(KEY_PREFIX + sessionId, this.holder);
  }
}
