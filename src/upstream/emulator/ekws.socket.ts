/**
 * EVE-KILL WebSockets (UPSTREAMS d): the current `/ws/killmails` protocol (`{"action":…}` → `{"type":…}`,
 * frames `{"channel":"killmails","data":<event>}`) and the legacy Thessia `/killmails` one (`{"type":…}`, plain
 * comma-separated topics accepted, frames `{"type":"killmail","data":…}`). Every published killmail is pushed
 * to each socket subscribed to one of its topics; the drop fault terminates sockets instead of sending.
 */
import type { ServerWebSocket, WebSocketHandler } from "bun";
import { frameFor } from "../../ekws/ekws.frames.ts";
import { toEkwsValues, type EkwsEsi, type EkwsKill, type EkwsPlace } from "../../ekws/ekws.kill.ts";
import { handleCurrentMessage, handleLegacyMessage, welcomeFor } from "../../ekws/ekws.protocol.ts";
import { topicsOf } from "../../ekws/ekws.topics.ts";
import type { EmulatorContext } from "./emulator.context.ts";
import { createNameLookup } from "./ekws.names.ts";
import type { EmulatorRecord } from "./dataset.ts";
import type { Published } from "./feed.ts";
import { zkbOf } from "./zkb.ts";

export type SocketData = { protocol: "current" | "legacy"; topics: Set<string> };
export type EkwsSocket = ServerWebSocket<SocketData>;

export const EKWS_PATHS: Record<string, SocketData["protocol"]> = { "/ws/killmails": "current", "/killmails": "legacy" };

/** An emulator record as the shared codec reads it. */
function toKill({ record, context }: { record: EmulatorRecord; context: EmulatorContext }): { kill: EkwsKill; place: EkwsPlace } {
  const zkb = zkbOf({ record, zkbFor: context.zkbFor });
  const esi = record.esi as unknown as EkwsEsi;
  const system = context.universe.systems.get(esi.solar_system_id);
  const groupId = context.universe.types.get(Number(esi.victim.ship_type_id))?.group_id;
  return {
    kill: { killmailId: record.killmail_id, hash: record.hash, esi, values: toEkwsValues(zkb) },
    place: {
      system: system ? { regionId: system.region_id, constellationId: system.constellation_id, security: system.security } : null,
      victimShipGroupId: groupId ?? null,
    },
  };
}

// Shrike: a socket subscribed to "all" gets everything, otherwise any shared routing key is enough.
const wants = ({ socket, topics }: { socket: EkwsSocket; topics: Set<string> }) =>
  socket.data.topics.has("all") || [...socket.data.topics].some((topic) => topics.has(topic));

export function createEkwsHub({ context }: { context: EmulatorContext }) {
  const sockets = new Set<EkwsSocket>();
  const names = createNameLookup({ context });

  function broadcast({ entry }: { entry: Published }) {
    if (sockets.size === 0) return;
    const { kill, place } = toKill({ record: entry.record, context });
    const topics = topicsOf({ kill, place });
    const frames = new Map<SocketData["protocol"], string>();
    let sent = 0;
    for (const socket of sockets) {
      if (!wants({ socket, topics })) continue;
      // The drop fault cuts sockets too: a listener must reconnect and resubscribe.
      if (context.faults.shouldDrop()) {
        socket.terminate();
        continue;
      }
      const { protocol } = socket.data;
      if (!frames.has(protocol)) frames.set(protocol, frameFor({ protocol, kill, names }));
      socket.send(frames.get(protocol)!);
      sent++;
    }
    context.stats.countFrames(sent);
  }

  // The hub stays subscribed for the emulator's whole life, so a stop() and a later start() keep pushing.
  context.feed.onPublish((entries) => entries.forEach((entry) => broadcast({ entry })));

  const websocket: WebSocketHandler<SocketData> = {
    open(socket) {
      sockets.add(socket);
      context.stats.countConnection();
      socket.send(JSON.stringify(welcomeFor(socket.data.protocol)));
    },
    message(socket, message) {
      const text = typeof message === "string" ? message : new TextDecoder().decode(message);
      const outcome = socket.data.protocol === "current"
        ? handleCurrentMessage({ topics: socket.data.topics, text })
        : handleLegacyMessage({ topics: socket.data.topics, text });
      if (outcome.reply) socket.send(JSON.stringify(outcome.reply));
      if (outcome.close) socket.close(outcome.close.code, outcome.close.reason);
    },
    close(socket) {
      sockets.delete(socket);
    },
  };

  return {
    websocket,
    closeAll: () => {
      for (const socket of sockets) socket.close(1001, "emulator stopping");
    },
  };
}
