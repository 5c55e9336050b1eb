import { defineCommand } from "citty";
import { killmailEventKeys } from "../ingest/killmail.events.ts";
import { startWsService } from "../live/ws.service.ts";
import { defineWsMetrics } from "../metrics/metrics.ws.ts";
import { metricsPortArg, parseMetricsPortArg, parseOptionalIntegerArg } from "./role.args.ts";
import { listenOn, runRole, untilAborted } from "./role.run.ts";

export default defineCommand({
  meta: { name: "ws", description: "Serve the live feed over WebSocket: zKillboard /websocket/, EVE-KILL /ws/killmails and /killmails, ours /ws/v1 (resumable)" },
  args: {
    port: { type: "string", description: "Port to listen on (default WS_PORT)", valueHint: "PORT" },
    ...metricsPortArg(),
  },
  async run({ args }) {
    const port = parseOptionalIntegerArg({ name: "port", value: args.port, min: 0, max: 65_535 });
    await runRole({
      tag: "ws",
      service: true,
      metrics: { port: parseMetricsPortArg({ args }) },
      // The tail reads batches, replays read pages, EVE-KILL events look up names: a small pool is plenty.
      db: { max: 6 },
      redis: ["events", "cache"],
      async run({ sql, redis, config, logger, signal, defer, metrics, checks }) {
        const wanted = port ?? config.WS_PORT;
        const service = await listenOn({
          name: port === undefined ? "WS_PORT" : "--port", port: wanted,
          start: () => startWsService({
            port: wanted, sql, subscriber: redis.events, channel: killmailEventKeys({ prefix: config.QUEUE_PREFIX }).channel, logger,
            publicUrl: config.PUBLIC_URL, retentionDays: config.LIVE_RETENTION_DAYS, maxConnectionsPerIp: config.WS_MAX_CONNECTIONS_PER_IP,
            maxBufferedBytes: config.WS_SEND_BUFFER_BYTES, trustProxyHeader: config.TRUST_PROXY_HEADER,
            metrics: defineWsMetrics({ registry: metrics.registry }), checks, signal,
          }),
        });
        defer(() => service.close());
        await untilAborted({ signal });
      },
    });
  },
});
