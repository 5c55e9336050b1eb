/**
 * RedisQ queues as zKillboard's listen.js keeps them: a position per queueID remembered 3 h after its last
 * request, and one request in flight per queueID (`SET NX EX`, a second one gets 429). Kept in Redis so every
 * serve process behind a load balancer agrees. The position only moves past a record actually answered.
 */
import type { RedisClient } from "../redis/redis.client.ts";

/** RedisQ `default_ttl` (10800 s). */
export const REDISQ_QUEUE_TTL_S = 10_800;
/** listen.js holds its lock 30 s; a request waits at most 10 s, so a crashed holder frees it soon after. */
const REDISQ_LOCK_TTL_S = 30;

// Deletes the lock only if it is still ours: an expired lock may already belong to the next request.
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`;

export function createRedisqQueues({ redis, prefix }: { redis: RedisClient; prefix: string }) {
  const positionKey = (queueId: string) => `${prefix}:redisq:queue:${queueId}`;
  const lockKey = (queueId: string) => `${prefix}:redisq:lock:${queueId}`;
  return {
    /** A release function, or null when another request for this queueID is in flight. */
    async lock({ queueId }: { queueId: string }) {
      const token = crypto.randomUUID();
      const taken = await redis.set(lockKey(queueId), token, "EX", REDISQ_LOCK_TTL_S, "NX");
      if (taken !== "OK") return null;
      return async () => void (await redis.eval(RELEASE, 1, lockKey(queueId), token));
    },
    /** The last number answered to this queue; a queue seen for the first time starts at `head`. */
    async position({ queueId, head }: { queueId: string; head: () => Promise<number> }) {
      const saved = await redis.get(positionKey(queueId));
      if (saved !== null) return Number(saved);
      const start = await head();
      await redis.set(positionKey(queueId), String(start), "EX", REDISQ_QUEUE_TTL_S);
      return start;
    },
    /** Saves the position and restarts the 3 h memory (also when nothing was answered). */
    async save({ queueId, position }: { queueId: string; position: number }) {
      await redis.set(positionKey(queueId), String(position), "EX", REDISQ_QUEUE_TTL_S);
    },
  };
}
export type RedisqQueues = ReturnType<typeof createRedisqQueues>;
