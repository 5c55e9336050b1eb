/**
 * zKillboard RedisQ (UPSTREAMS a.1, a.2): `listen.php` answers 302 to `object.php?objectID=<id|null>`; each
 * queueID has its own position (a new queue sees only kills published after it first asked); a missing queueID
 * or a second in-flight request for the same queueID gets 429. Queues named in `preregistered` exist from the
 * start of the log, so they also see the backlog: the only way to rehearse a RedisQ catch-up in the sandbox. Packages are zkb-only as since 2025-12-01
 * unless the emulator was asked for the older shape with `killmail`.
 */
import { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import type { Published } from "./feed.ts";
import { zkbOf } from "./zkb.ts";

type Queue = { position: number; inFlight: boolean };

const CORS = { "access-control-allow-origin": "*" };

/** listen.js: `Math.min(10, Math.max(1, parseInt(ttw || 10)))`. */
export const clampTtw = (raw: string | undefined) => Math.min(10, Math.max(1, Number.parseInt(raw || "10", 10) || 1));

function waitForPublish({ context, ms }: { context: EmulatorContext; ms: number }) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    const unsubscribe = context.feed.onPublish(done);
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}

async function nextEntry({ context, queue, ttw }: { context: EmulatorContext; queue: Queue; ttw: number }) {
  const deadline = context.now() + ttw * context.timings.redisqSecondMs;
  for (;;) {
    const entry = context.feed.atIndex(queue.position);
    if (entry) {
      queue.position++;
      return entry;
    }
    const left = deadline - context.now();
    if (left <= 0) return null;
    await waitForPublish({ context, ms: left });
  }
}

function packageOf({ context, entry }: { context: EmulatorContext; entry: Published }) {
  const { record } = entry;
  const zkb = zkbOf({ record, zkbFor: context.zkbFor });
  if (context.redisqPackage === "with-killmail") return { killID: record.killmail_id, killmail: record.esi, zkb };
  return { killID: record.killmail_id, zkb };
}

export function createRedisqRoutes({ context, preregistered = [] }: { context: EmulatorContext; preregistered?: string[] }) {
  const app = new Hono<EmulatorEnv>();
  const queues = new Map<string, Queue>(preregistered.map((queueId) => [queueId, { position: 0, inFlight: false }]));

  app.get("/listen.php", async (c) => {
    const queueId = (c.req.query("queueID") ?? "").trim();
    if (!queueId) return c.body("queueID required", 429, CORS);
    const queue = queues.get(queueId) ?? { position: context.feed.publishedCount(), inFlight: false };
    queues.set(queueId, queue);
    if (queue.inFlight) return c.body("Too many requests for this queueID", 429, CORS);
    queue.inFlight = true;
    try {
      const entry = await nextEntry({ context, queue, ttw: clampTtw(c.req.query("ttw")) });
      const [min, max] = context.timings.redisqRedirectDelayMs;
      if (max > 0) await Bun.sleep(min + Math.random() * (max - min));
      const objectId = entry ? String(entry.record.killmail_id) : "null";
      return c.body(null, 302, { ...CORS, location: `/object.php?objectID=${objectId}` });
    } finally {
      queue.inFlight = false;
    }
  });

  app.get("/object.php", (c) => {
    const objectId = c.req.query("objectID");
    const headers = { ...CORS, "content-type": "application/json" };
    if (objectId === "null") return c.body(JSON.stringify({ package: null }), 200, headers);
    const entry = objectId ? context.feed.publishedById(Number(objectId)) : undefined;
    if (!entry) return c.body("Not Found", 404, CORS);
    return c.body(JSON.stringify({ package: packageOf({ context, entry }) }), 200, headers);
  });

  return app;
}
