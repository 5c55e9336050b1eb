import { defineCommand } from "citty";
import { HOUR_MS } from "../app/time.ts";
import { createListenerWiring } from "../ingest/listen.service.ts";
import { createR2z2Client, R2Z2_MAX_REQUESTS_PER_S } from "../upstream/r2z2.client.ts";
import { R2Z2_WAIT_ON_404_MS, runR2z2Listener } from "../upstream/r2z2.listener.ts";
import { createRedisqClient, REDISQ_TTW_S } from "../upstream/redisq.client.ts";
import { REDISQ_MIN_INTERVAL_MS, runRedisqListener } from "../upstream/redisq.listener.ts";
import { runEkwsListener } from "../upstream/ekws.listener.ts";
import { createR2z2Progress, trackPort } from "../ingest/feed.progress.ts";
import { metricsPortArg, parseIntegerArg, parseListArg, parseMetricsPortArg, parseOptionalIntegerArg } from "./role.args.ts";
import { runRole, type RoleRun } from "./role.run.ts";
import type { ListenerPort } from "../upstream/feed.listener.ts";

type ListenContext = Pick<RoleRun<undefined, never>, "signal" | "logger" | "config" | "metrics" | "checks"> & { port: ListenerPort };

/**
 * Runs one listener under the service lifecycle with its port wired to Postgres and the queue. The port given to
 * `listen` is untracked: R2Z2 tracks it with its client (feed.progress.ts), the others through `trackPort`.
 */
async function runListener({ feed, metricsPort, listen }: { feed: string; metricsPort?: number; listen: (context: ListenContext) => Promise<void> }) {
  await runRole({
    tag: `listen:${feed}`,
    name: `listen ${feed}`,
    service: true,
    metrics: { port: metricsPort },
    db: { max: 2 },
    redis: ["producer"],
    async run({ sql, redis, config, logger, signal, defer, metrics, checks }) {
      const wiring = createListenerWiring({ feed, sql, producer: redis.producer, prefix: config.QUEUE_PREFIX, board: config.BOARD_ENTITIES });
      defer(() => wiring.close());
      await listen({ port: wiring.port, signal, logger, config, metrics, checks });
    },
  });
}

const r2z2 = defineCommand({
  meta: { name: "r2z2", description: "Follow zKillboard's R2Z2 sequence; the cursor is kept in Postgres" },
  args: {
    "from-sequence": { type: "string", description: "Start here when no cursor is saved (default: the advertised head)" },
    "reset-cursor": { type: "boolean", description: "Ignore the saved cursor (e.g. after expired sequences): start at --from-sequence or the head", default: false },
    "wait-on-404-ms": { type: "string", description: "Pause when the next sequence is not published yet", default: String(R2Z2_WAIT_ON_404_MS) },
    "max-requests-per-s": { type: "string", description: "Self-imposed request cap (zKillboard allows 20/s per IP)", default: String(R2Z2_MAX_REQUESTS_PER_S) },
    ...metricsPortArg(),
  },
  async run({ args }) {
    // Checked before anything connects: a bad flag is one readable line, not a listener stuck on NaN.
    const fromSequence = parseOptionalIntegerArg({ name: "from-sequence", value: args["from-sequence"], min: 0 });
    const waitOn404Ms = parseIntegerArg({ name: "wait-on-404-ms", value: args["wait-on-404-ms"], min: 0, max: HOUR_MS });
    const maxRequestsPerS = parseIntegerArg({ name: "max-requests-per-s", value: args["max-requests-per-s"], min: 1, max: 100_000 });
    await runListener({
      feed: "r2z2",
      metricsPort: parseMetricsPortArg({ args }),
      listen: ({ port, signal, logger, config, metrics, checks }) => {
        const client = createR2z2Client({ baseUrl: config.R2Z2_BASE_URL, userAgent: config.ESI_USER_AGENT, maxRequestsPerS });
        // /ready also says whether the cursor keeps up: not ready when it stalls behind the head.
        const progress = createR2z2Progress({ client, port, metrics: metrics.feed });
        checks.cursor = progress.ensureAdvancing;
        return runR2z2Listener({ client: progress.client, port: progress.port, signal, logger, fromSequence, resetCursor: args["reset-cursor"], waitOn404Ms });
      },
    });
  },
});

const redisq = defineCommand({
  meta: { name: "redisq", description: "Long-poll zKillboard's RedisQ (queueID from REDISQ_QUEUE_ID); zkb-only packages are fetched from ESI" },
  args: {
    ttw: { type: "string", description: "Seconds RedisQ may hold each request (1..10)", default: String(REDISQ_TTW_S) },
    "min-interval-ms": { type: "string", description: "Least time between polls (RedisQ allows 2 requests/s per IP)", default: String(REDISQ_MIN_INTERVAL_MS) },
    ...metricsPortArg(),
  },
  async run({ args }) {
    const ttwS = parseIntegerArg({ name: "ttw", value: args.ttw, min: 1, max: 10 });
    const minIntervalMs = parseIntegerArg({ name: "min-interval-ms", value: args["min-interval-ms"], min: 0, max: HOUR_MS });
    await runListener({
      feed: "redisq",
      metricsPort: parseMetricsPortArg({ args }),
      listen: ({ port, signal, logger, config, metrics }) =>
        runRedisqListener({
          client: createRedisqClient({ listenUrl: config.REDISQ_URL, queueId: config.REDISQ_QUEUE_ID, userAgent: config.ESI_USER_AGENT, ttwS }),
          port: trackPort({ port, feed: "redisq", metrics: metrics.feed }), signal, logger, minIntervalMs,
        }),
    });
  },
});

const ekws = defineCommand({
  meta: { name: "ekws", description: "Follow the EVE-KILL WebSocket (EKWS_URL; current and legacy protocols)" },
  args: {
    topics: { type: "string", description: "Comma-separated topics to subscribe to (e.g. all, solo, region.10000002)", default: "all" },
    ...metricsPortArg(),
  },
  async run({ args }) {
    const topics = parseListArg({ name: "topics", value: args.topics });
    await runListener({
      feed: "ekws",
      metricsPort: parseMetricsPortArg({ args }),
      listen: ({ port, signal, logger, config, metrics }) =>
        runEkwsListener({ url: config.EKWS_URL, topics, port: trackPort({ port, feed: "ekws", metrics: metrics.feed }), signal, logger }),
    });
  },
});

export default defineCommand({
  meta: { name: "listen", description: "Follow a live killmail feed and queue what it announces" },
  subCommands: { r2z2, redisq, ekws },
});
