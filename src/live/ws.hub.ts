/**
 * Routes each live record to the sockets that want it, for all three protocols at once. zKillboard frames depend
 * only on the kill and the channel, so they go out through Bun's own topics (`server.publish`, one native fan-out
 * per channel); EVE-KILL and /ws/v1 sockets sit in topic → sockets indexes, each frame's text built once per kind.
 * A socket that lets its send buffer pass the bound is dropped, so one slow reader never holds up the rest.
 * `deliver` is the live tail's only consumer; it hands frames out synchronously and only then moves `head`,
 * which is what lets a replay hand over to live delivery without a gap or a duplicate (ws.replay.ts). It never
 * rejects once it has sent anything: the tail would hand the batch over again, and zKillboard clients do not dedupe.
 */
import type { Logger } from "../app/log.ts";
import { frameFor } from "../ekws/ekws.frames.ts";
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
/**
 * Published frames are not checked per socket: zKillboard sockets' buffers are swept after a batch that met
 * backpressure and on this period (Bun's backpressure close stays the hard stop past twice the bound).
 */
export const ZKB_SWEEP_MS = 250;

/** Bun's topics (a `Server`), as far as the hub uses them. */
export type WsPublisher = { publish(topic: string, text: string): number; subscriberCount(topic: string): number };

const zkbTopic = (channel: string) => `zkb:${channel}`;

export function createWsHub({ publicUrl, names, universe, maxBufferedBytes, metrics, logger, publisher, head: startHead }: {
  publicUrl: string; names: EkwsNames; universe: UniverseNames; maxBufferedBytes: number; metrics?: WsMetrics; logger: Logger;
  publisher: WsPublisher; head: number;
}) {
  const zkbSockets = new Set<WsSocket>();
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
    // A closing socket stays subscribed until Bun closes it: publishing on to it would only fill its buffer.
    if (socket.data.protocol === "zkb") for (const channel of socket.data.topics) socket.unsubscribe(zkbTopic(channel));
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

  function sweepZkb() {
    for (const socket of zkbSockets) if (socket.data.open && socket.getBufferedAmount() > maxBufferedBytes) drop(socket);
  }
  const sweeper = setInterval(sweepZkb, ZKB_SWEEP_MS);
  sweeper.unref?.();

  /** Publishes on every channel with subscribers; true when some subscriber's buffer was left holding bytes. */
  function publishZkb({ channel, frame }: { channel: string; frame: () => string }) {
    const topic = zkbTopic(channel);
    const subscribers = publisher.subscriberCount(topic);
    if (!subscribers) return false;
    sent += subscribers;
    return publisher.publish(topic, frame()) <= 0;
  }

  function routeZkb(record: LiveRecord) {
    let backedUp = publishZkb({ channel: "killstream", frame: () => killstreamFrame({ record, publicUrl }) });
    let prefix: string | undefined;
    for (const channel of zkbChannelsOf({ record })) {
      const frame = () => littlekillFrame({ prefix: (prefix ??= littlekillPrefix({ record, publicUrl })), channel });
      if (publishZkb({ channel, frame })) backedUp = true;
    }
    return backedUp;
  }

  /** Reads the players' names of the batch; without them (a failed query) the frames carry null names, as Shrike's do. */
  async function prefetchNames({ records }: { records: LiveRecord[] }) {
    try {
      await names.prefetch({ records });
    } catch (error) {
      logger.warn(`EVE-KILL names query failed, sending the batch with the names cached: ${(error as Error).message}`);
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
        if (socket.data.protocol === "ekws") send(socket, (current ??= frameFor({ protocol: "current", kill, names: names.lookup })));
        else send(socket, (legacy ??= frameFor({ protocol: "legacy", kill, names: names.lookup })));
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
      let backedUp = false;
      for (const record of records) {
        if (zkbSockets.size && routeZkb(record)) backedUp = true;
        if (v1.size()) routeV1(record);
      }
      head = records.at(-1)?.sequence ?? head;
      flushSent();
      if (backedUp) sweepZkb();
      if (!ekws.size()) return;
      await prefetchNames({ records });
      for (const record of records) routeEkws(record);
      flushSent();
    },
    attach(socket: WsSocket) {
      sockets.add(socket);
      if (socket.data.protocol === "zkb") zkbSockets.add(socket);
      metrics?.setClients({ count: sockets.size });
    },
    detach(socket: WsSocket) {
      socket.data.open = false;
      sockets.delete(socket);
      zkbSockets.delete(socket);
      // Bun drops a closed socket's own subscriptions.
      if (socket.data.protocol !== "zkb") for (const topic of socket.data.topics) ekws.remove({ topic, item: socket });
      if (socket.data.filterKey) v1.remove({ topic: socket.data.filterKey, item: socket });
      metrics?.setClients({ count: sockets.size });
    },
    /** Moves a socket's topics (Bun's for zKillboard, the index for EVE-KILL) after the protocol changed `socket.data.topics`. */
    retopic({ socket, added, removed }: { socket: WsSocket; added: string[]; removed: string[] }) {
      if (socket.data.protocol === "zkb") {
        for (const channel of removed) socket.unsubscribe(zkbTopic(channel));
        for (const channel of added) socket.subscribe(zkbTopic(channel));
        return;
      }
      for (const topic of removed) ekws.remove({ topic, item: socket });
      for (const topic of added) ekws.add({ topic, item: socket });
    },
    refilter({ socket, key }: { socket: WsSocket; key: string | null }) {
      if (socket.data.filterKey) v1.remove({ topic: socket.data.filterKey, item: socket });
      socket.data.filterKey = key;
      if (key) v1.add({ topic: key, item: socket });
    },
    sockets: () => sockets,
    flushSent,
    stop: () => clearInterval(sweeper),
  };
}
export type WsHub = ReturnType<typeof createWsHub>;
