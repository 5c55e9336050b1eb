/**
 * Role heartbeats: every long-running process keeps one key in Redis, `<prefix>:heartbeat:<role>:<instance>`,
 * rewritten every HEARTBEAT_INTERVAL_MS with a TTL of three intervals. A process that dies stops beating and its key
 * expires, so `killboard status` lists exactly the processes alive in the last ~15 s; a clean stop deletes the key.
 * A beat that fails never stops the role: the heartbeat reports, it is not a dependency.
 */
import { hostname } from "node:os";
import { z } from "zod";
import { withDeadline } from "../app/deadline.ts";
import type { Logger } from "../app/log.ts";
import { VERSION } from "../app/version.ts";
import { createRedisClient, type RedisClient } from "../redis/redis.client.ts";

export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_TTL_MS = 3 * HEARTBEAT_INTERVAL_MS;
/** A stop must fit the drain deadline even when Redis is gone. */
const HEARTBEAT_STOP_MS = 1_000;

const heartbeatSchema = z.object({
  role: z.string(),
  instance: z.string(),
  host: z.string(),
  pid: z.number().int(),
  version: z.string(),
  startedAt: z.iso.datetime(),
  beatAt: z.iso.datetime(),
});

export type Heartbeat = z.infer<typeof heartbeatSchema>;

const heartbeatKey = ({ prefix, role, instance }: { prefix: string; role: string; instance: string }) =>
  `${prefix}:heartbeat:${role}:${instance}`;

/** Writes one beat at once and then every `intervalMs`; `stop()` ends the beats and removes the key. */
export function startHeartbeat({ redis, prefix, role, instance = `${hostname()}:${process.pid}`, intervalMs = HEARTBEAT_INTERVAL_MS, logger, now = () => new Date() }: {
  redis: RedisClient;
  prefix: string;
  role: string;
  instance?: string;
  intervalMs?: number;
  logger?: Logger;
  now?: () => Date;
}) {
  // Role names contain spaces ("listen r2z2"); the key keeps to characters every Redis tool shows plainly.
  const key = heartbeatKey({ prefix, role: role.replace(/[^\w-]+/g, "-"), instance });
  const startedAt = now().toISOString();
  let failing = false;
  const beat = async () => {
    const value: Heartbeat = { role, instance, host: hostname(), pid: process.pid, version: VERSION, startedAt, beatAt: now().toISOString() };
    try {
      await redis.set(key, JSON.stringify(value), "PX", intervalMs * 3);
      if (failing) logger?.info("heartbeat: written again");
      failing = false;
    } catch (error) {
      if (!failing) logger?.warn(`heartbeat: not written (${(error as Error).message}); the role keeps running`);
      failing = true;
    }
  };
  const first = beat();
  const timer = setInterval(beat, intervalMs);
  return {
    key,
    /** Resolves once the first beat was tried. */
    ready: first,
    async stop() {
      clearInterval(timer);
      await first;
      // Disconnected: nothing to wait for, the key expires on its own.
      if (redis.status !== "ready") return;
      await withDeadline({ promise: redis.del(key), ms: HEARTBEAT_STOP_MS, message: "heartbeat key not removed" }).catch(() => {});
    },
  };
}

/**
 * The heartbeat of a role process, on a connection of its own (a blocked worker connection must not delay it).
 * The connection is not proven first: a role that does not otherwise need Redis still starts while Redis is down.
 */
export function startRoleHeartbeat({ url, prefix, role, logger }: { url: string; prefix: string; role: string; logger: Logger }) {
  const redis = createRedisClient({ url, purpose: "events", name: `${role.replace(/\s+/g, "-")}:heartbeat` });
  // Reconnect errors are expected while Redis is down; a failed beat already says so once.
  redis.on("error", () => {});
  const heartbeat = startHeartbeat({ redis, prefix, role, logger });
  return {
    async stop() {
      await heartbeat.stop();
      redis.disconnect();
    },
  };
}

/** Every live heartbeat under `prefix`, sorted by role then instance, with the age of its last beat. */
export async function listHeartbeats({ redis, prefix, now = () => new Date() }: { redis: RedisClient; prefix: string; now?: () => Date }) {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}:heartbeat:*`, "COUNT", 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  const values = keys.length ? await redis.mget(...keys) : [];
  const beats = values.flatMap((value) => {
    if (value === null) return []; // expired between SCAN and MGET
    const parsed = heartbeatSchema.safeParse(safeJson(value));
    return parsed.success ? [{ ...parsed.data, ageMs: Math.max(0, now().getTime() - Date.parse(parsed.data.beatAt)) }] : [];
  });
  return beats.sort((a, b) => a.role.localeCompare(b.role) || a.instance.localeCompare(b.instance));
}

export type ListedHeartbeat = Awaited<ReturnType<typeof listHeartbeats>>[number];

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
