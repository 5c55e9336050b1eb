/**
 * Routes each live record to the sockets that want it, for all three protocols at once. A record costs the
 * sockets under its topics (topic → sockets indexes), each frame's text is built once per kind, and a socket
 * that lets its send buffer pass the bound is dropped on the spot, so one slow reader never holds up the rest.
 * `deliver` is the live tail's only consumer; it hands frames out synchronously and only then moves `head`,
 * which is what lets a replay hand over to live delivery without a gap or a duplicate (ws.replay.ts).
 */
import { buildKillmailEvent } from "../ekws/ekws.events.ts";
import { buildLegacyKillmailData } from "../ekws/ekws.legacy.events.ts";
import { topicsOf } from "../ekws/ekws.topics.ts";
import type { WsMetrics } from "../metrics/metrics.ws.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { matchesLiveFilter } from "./live.filter.ts";
import type { LiveRecord } from "./live.types.ts";
import { placeOf, toEkwsKill, type EkwsNames } from "./ws.ekws.ts";
import { createTopicIndex } from "./ws.index.ts";
import type { WsSocket } from "./ws.types.ts";
import { recordKeysOf, v1KillmailFrame } from "./ws.v1.ts";
import { killstreamFrame, littlekillFrame, littlekillPrefix, zkbChannelsOf } from "./ws.zkb.ts";

/** RFC 6455 1013 "try again later": what EVE-KILL closes slow clients with (UPSTREAMS d.1). */
export const CLOSE_SLOW = 1013;
/** A slow client cannot read the close frame either; past this it is cut. */
const CLOSE_GRACE_MS = 2_000;

export function createWsHub({ publicUrl, names, universe, maxBufferedBytes, metrics, head: startHead }: {
  publicUrl: string; names: EkwsNames; universe: UniverseNames; maxBufferedBytes: number; metrics?: WsMetrics; head: number;
}) {
  const zkb = createTopicIndex<WsSocket>();
  const ekws = createTopicIndex<WsSocket>();
  const v1 = createTopicIndex<WsSocket>();
  const sockets = new Set<WsSocket>();
  let head = startHead;
  // Frames are counted here and handed to the metric in bulk: one inc per send would cost more than the send.
  let sent = 0;
  let counted = 0;
  const flushSent = () => {
    metrics?.countFrames({ direction: "sent", count: sent - counted });
    counted = sent;
  };

  function drop(socket: WsSocket) {
    if (!socket.data.open) return;
    socket.data.open = false;
    metrics?.countDropped({ reason: "slow" });
    socket.close(CLOSE_SLOW, "send buffer full: the client reads too slowly");
    setTimeout(() => {
      try {
        socket.terminate();
      } catch {
        // already gone
      }
    }, CLOSE_GRACE_MS).unref?.();
  }

  /** Sends unless the socket is gone; drops it once its unread bytes pass the bound. */
  function send(socket: WsSocket, text: string) {
    if (!socket.data.open) return;
    socket.send(text);
    sent++;
    if (socket.getBufferedAmount() > maxBufferedBytes) drop(socket);
  }

  function routeZkb(record: LiveRecord) {
    const stream = zkb.get("killstream");
    if (stream) {
      const frame = killstreamFrame({ record, publicUrl });
      for (const socket of stream) send(socket, frame);
    }
    let prefix: string | undefined;
    for (const channel of zkbChannelsOf({ record })) {
      const subscribed = zkb.get(channel);
      if (!subscribed) continue;
      prefix ??= littlekillPrefix({ record, publicUrl });
      const frame = littlekillFrame({ prefix, channel });
      for (const socket of subscribed) send(socket, frame);
    }
  }

  function routeEkws(record: LiveRecord) {
    const kill = toEkwsKill({ record });
    let current: string | undefined;
    let legacy: string | undefined;
    for (const topic of topicsOf({ kill, place: placeOf({ record, universe }) })) {
      for (const socket of ekws.get(topic) ?? []) {
        if (socket.data.stamp === record.sequence) continue;
        socket.data.stamp = record.sequence;
        if (socket.data.protocol === "ekws") send(socket, (current ??= JSON.stringify({ channel: "killmails", data: buildKillmailEvent({ kill, names: names.lookup }) })));
        else send(socket, (legacy ??= JSON.stringify({ type: "killmail", data: buildLegacyKillmailData({ kill, names: names.lookup }) })));
      }
    }
  }

  function routeV1(record: LiveRecord) {
    let frame: string | undefined;
    for (const key of recordKeysOf({ record })) {
      for (const socket of v1.get(key) ?? []) {
        const { data } = socket;
        if (data.replaying || data.cursor === null || data.cursor >= record.sequence || !data.filter) continue;
        if (!matchesLiveFilter({ filter: data.filter, record })) continue;
        send(socket, (frame ??= v1KillmailFrame({ record })));
        data.cursor = record.sequence;
      }
    }
  }

  return {
    head: () => head,
    send,
    /**
     * The live tail's consumer: zKillboard and /ws/v1 frames of the whole batch and the new head at once, then the
     * EVE-KILL frames after their names query (the one await), so that query never delays the other protocols.
     * The tail awaits this before the next batch, so EVE-KILL frames stay in order too.
     */
    async deliver(records: LiveRecord[]) {
      for (const record of records) {
        if (zkb.size()) routeZkb(record);
        if (v1.size()) routeV1(record);
      }
      head = records.at(-1)?.sequence ?? head;
      flushSent();
      if (!ekws.size()) return;
      await names.prefetch({ records });
      for (const record of records) routeEkws(record);
      flushSent();
    },
    attach(socket: WsSocket) {
      sockets.add(socket);
      metrics?.setClients({ count: sockets.size });
    },
    detach(socket: WsSocket) {
      socket.data.open = false;
      sockets.delete(socket);
      for (const topic of socket.data.topics) (socket.data.protocol === "zkb" ? zkb : ekws).remove({ topic, item: socket });
      if (socket.data.filterKey) v1.remove({ topic: socket.data.filterKey, item: socket });
      metrics?.setClients({ count: sockets.size });
    },
    /** Moves a socket's topics in its protocol's index after the protocol changed `socket.data.topics`. */
    retopic({ socket, added, removed }: { socket: WsSocket; added: string[]; removed: string[] }) {
      const index = socket.data.protocol === "zkb" ? zkb : ekws;
      for (const topic of removed) index.remove({ topic, item: socket });
      for (const topic of added) index.add({ topic, item: socket });
    },
    refilter({ socket, key }: { socket: WsSocket; key: string | null }) {
      if (socket.data.filterKey) v1.remove({ topic: socket.data.filterKey, item: socket });
      socket.data.filterKey = key;
      if (key) v1.add({ topic: key, item: socket });
    },
    sockets: () => sockets,
    flushSent,
  };
}
export type WsHub = ReturnType<typeof createWsHub>;
