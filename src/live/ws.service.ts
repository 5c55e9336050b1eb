/**
 * The live WebSocket server: one live tail per process feeds every socket, whatever its protocol. Any number of
 * these run side by side; each follows the sequence on its own (the tail reads PostgreSQL, nudged over Redis),
 * so each delivers everything. The `ws` role starts it; tests and bench:ws run that role as a process.
 */
import type { Server } from "bun";
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import type { ReadyChecks } from "../metrics/metrics.probes.ts";
import { createProbeRoutes } from "../metrics/metrics.probes.routes.ts";
import type { WsMetrics } from "../metrics/metrics.ws.ts";
import type { RedisClient } from "../redis/redis.client.ts";
import { loadUniverseNames } from "../universe/universe.names.ts";
import { welcomeFor } from "../ekws/ekws.protocol.ts";
import { createLiveRepository } from "./live.repository.ts";
import { startLiveTail } from "./live.tail.ts";
import { createEkwsNames } from "./ws.ekws.ts";
import { createWsHub, type WsPublisher } from "./ws.hub.ts";
import { createMessageHandler, MAX_PAYLOAD_BYTES } from "./ws.messages.ts";
import { createUpgradeHandler } from "./ws.upgrade.ts";
import type { WsData } from "./ws.types.ts";
import { createCampaignFilterLoader } from "./live.campaigns.ts";

/** Idle sockets get a protocol ping after this long and are closed if still silent after as long again (EVE-KILL pings every 30 s). */
const IDLE_TIMEOUT_S = 30;
const GOING_AWAY = 1001;
const PROBE_PATHS = new Set(["/health", "/ready"]);

export type WsServiceOptions = {
  port: number;
  hostname?: string;
  sql: Sql;
  /** A connection of its own for the tail's subscription. */
  subscriber: RedisClient;
  channel: string;
  logger: Logger;
  publicUrl: string;
  retentionDays: number;
  maxConnectionsPerIp: number;
  maxBufferedBytes: number;
  trustProxyHeader?: boolean;
  metrics?: WsMetrics;
  checks?: ReadyChecks;
  /** Aborted when the role drains: /ready answers 503 from then on. */
  signal?: AbortSignal;
  pollMs?: number;
  now?: () => number;
};

export async function startWsService(options: WsServiceOptions) {
  const { sql, logger, publicUrl, maxBufferedBytes, metrics, checks = {} } = options;
  const repository = createLiveRepository({ sql });
  const universe = await loadUniverseNames({ sql });
  const head = await repository.readHead();
  // The server is made after the hub its handlers use; nothing is published before the tail starts, below it.
  const publisher: WsPublisher = { publish: (topic, text) => server.publish(topic, text), subscriberCount: (topic) => server.subscriberCount(topic) };
  const hub = createWsHub({ publicUrl, names: createEkwsNames({ sql, universe }), universe, maxBufferedBytes, metrics, logger, publisher, head });
  const replay = { repository, hub, retentionDays: options.retentionDays, publicUrl, maxBufferedBytes, now: options.now ?? Date.now };
  const onMessage = createMessageHandler({ hub, replay, logger, metrics, loadCampaignFilter: createCampaignFilterLoader({ sql }) });
  const upgrade = createUpgradeHandler({ maxConnectionsPerIp: options.maxConnectionsPerIp, trustProxyHeader: options.trustProxyHeader ?? false });
  const probes = createProbeRoutes({ checks, signal: options.signal });

  const server: Server<WsData> = Bun.serve<WsData>({
    port: options.port,
    hostname: options.hostname,
    fetch(request, server) {
      if (PROBE_PATHS.has(new URL(request.url).pathname)) return probes.fetch(request);
      return upgrade({ request, server });
    },
    websocket: {
      idleTimeout: IDLE_TIMEOUT_S,
      sendPings: true,
      perMessageDeflate: false,
      maxPayloadLength: MAX_PAYLOAD_BYTES,
      // The hub drops a socket at maxBufferedBytes itself, with a reason; Bun's own limit only backs it up.
      backpressureLimit: maxBufferedBytes * 2,
      closeOnBackpressureLimit: true,
      open(socket) {
        hub.attach(socket);
        if (socket.data.protocol === "ekws" || socket.data.protocol === "ekws-legacy") {
          hub.send(socket, JSON.stringify(welcomeFor(socket.data.protocol === "ekws" ? "current" : "legacy")));
        }
      },
      message: onMessage,
      close(socket) {
        hub.detach(socket);
        upgrade.release(socket.data.ip);
      },
    },
  });
  const tail = await startLiveTail({
    repository, subscriber: options.subscriber, channel: options.channel, logger, after: head, pollMs: options.pollMs,
    onRecords: (records) => hub.deliver(records),
  });
  logger.info(`ws listening on ws://localhost:${server.port} (/websocket/, /ws/killmails, /killmails, /ws/v1) from sequence ${head}`);

  return {
    async close() {
      await tail.close();
      hub.stop();
      for (const socket of hub.sockets()) socket.close(GOING_AWAY, "server shutting down");
      await server.stop(true);
    },
  };
}
