/**
 * Routes each live record to the sockets that want it, for all three protocols at once. zKillboard frames depend
 * only on the kill and the channel, so they go out through Bun's own topics (`server.publish`, one native fan-out
 * per channel). So do the frames of sockets that follow everything: EVE-KILL's `all` (a kill on several of a
 * socket's topics goes once, so `all` covers the rest) and /ws/v1's `{}` once it is live (its cursor is then the
 * head). Other EVE-KILL and /ws/v1 sockets sit in topic → sockets indexes, each frame's text built once per kind.
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
import type { LiveFilter, LiveRecord } from "./live.types.ts";
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
 * Published frames are not checked per socket: the buffers of sockets on Bun's topics are swept after a batch
 * that met backpressure and on this period (Bun's backpressure close stays the hard stop past twice the bound).
 */
export const PUBLISHED_SWEEP_MS = 250;

/** Bun's topics (a `Server`), as far as the hub uses them. */
export type WsPublisher = { publish(topic: string, text: string): number; subscriberCount(topic: string): number };

const zkbTopic = (channel: string) => `zkb:${channel}`;
const EKWS_ALL = "all";
const everythingTopic = (protocol: WsSocket["data"]["protocol"]) => `everything:${protocol}`;
const followsEverything = (filter: LiveFilter | null) => !!filter && Object.keys(filter).length === 0;

export function createWsHub({ publicUrl, names, universe, maxBufferedBytes, metrics, logger, publisher, head: startHead }: {
  publicUrl: string; names: EkwsNames; universe: UniverseNames; maxBufferedBytes: number; metrics?: WsMetrics; logger: Logger;
  publisher: WsPublisher; head: number;
}) {
  /** Sockets on Bun's topics: their buffers are swept, since a publish is not checked per socket. */
  const published = new Set<WsSocket>();
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
    if (socket.data.native) socket.unsubscribe(socket.data.native);
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

  function sweep() {
    for (const socket of published) if (socket.data.open && socket.getBufferedAmount() > maxBufferedBytes) drop(socket);
  }
  const sweeper = setInterval(sweep, PUBLISHED_SWEEP_MS);
  sweeper.unref?.();

  /** Publishes if the topic has subscribers; true when some subscriber's buffer was left holding bytes. */
  function publish({ topic, frame }: { topic: string; frame: () => string }) {
    const subscribers = publisher.subscriberCount(topic);
    if (!subscribers) return false;
    sent += subscribers;
    return publisher.publish(topic, frame()) <= 0;
  }

  function routeZkb(record: LiveRecord) {
    let backedUp = publish({ topic: zkbTopic("killstream"), frame: () => killstreamFrame({ record, publicUrl }) });
    let prefix: string | undefined;
    for (const channel of zkbChannelsOf({ record })) {
      const frame = () => littlekillFrame({ prefix: (prefix ??= littlekillPrefix({ record, publicUrl })), channel });
      if (publish({ topic: zkbTopic(channel), frame })) backedUp = true;
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
    let backedUp = publish({ topic: everythingTopic("ekws"), frame: () => (current ??= frameFor({ protocol: "current", kill, names: names.lookup })) });
    if (publish({ topic: everythingTopic("ekws-legacy"), frame: () => (legacy ??= frameFor({ protocol: "legacy", kill, names: names.lookup })) })) backedUp = true;
    for (const topic of topicsOf({ kill, place: placeOf({ record, universe }) })) {
      for (const socket of ekws.get(topic) ?? []) {
        if (socket.data.stamp === record.sequence) continue;
        socket.data.stamp = record.sequence;
        if (socket.data.protocol === "ekws") send(socket, (current ??= frameFor({ protocol: "current", kill, names: names.lookup })));
        else send(socket, (legacy ??= frameFor({ protocol: "legacy", kill, names: names.lookup })));
      }
    }
    return backedUp;
  }

  function routeV1(record: LiveRecord) {
    let frame: string | undefined;
    const backedUp = publish({ topic: everythingTopic("v1"), frame: () => (frame ??= v1KillmailFrame({ record })) });
    for (const key of recordKeysOf({ record })) {
      for (const socket of v1.get(key) ?? []) {
        const { data } = socket;
        if (data.replaying || data.cursor === null || data.cursor >= record.sequence || !data.filter) continue;
        if (!matchesLiveFilter({ filter: data.filter, record })) continue;
        send(socket, (frame ??= v1KillmailFrame({ record })));
        data.cursor = record.sequence;
      }
    }
    return backedUp;
  }

  function joinEverything(socket: WsSocket) {
    socket.data.native = everythingTopic(socket.data.protocol);
    socket.subscribe(socket.data.native);
    published.add(socket);
  }
  function leaveEverything(socket: WsSocket) {
    socket.unsubscribe(socket.data.native!);
    socket.data.native = null;
    published.delete(socket);
  }

  /** EVE-KILL: a socket with `all` is on Bun's topic and out of the index; any other sits under each of its topics. */
  function placeEkws({ socket, added, removed }: { socket: WsSocket; added: string[]; removed: string[] }) {
    const { data } = socket;
    const before = new Set([...data.topics].filter((topic) => !added.includes(topic)).concat(removed));
    const indexedBefore = data.native ? [] : [...before];
    const everything = data.topics.has(EKWS_ALL);
    if (everything && !data.native) joinEverything(socket);
    if (!everything && data.native) leaveEverything(socket);
    const indexedNow = everything ? [] : [...data.topics];
    for (const topic of indexedBefore) if (!indexedNow.includes(topic)) ekws.remove({ topic, item: socket });
    for (const topic of indexedNow) if (!indexedBefore.includes(topic)) ekws.add({ topic, item: socket });
  }

  /**
   * /ws/v1: a live socket (not replaying, its cursor at the head) whose filter is `{}` moves to Bun's topic; from
   * then on every record published is one it was sent, so its cursor is the head until it `unsettle`s.
   */
  function settle(socket: WsSocket) {
    const { data } = socket;
    if (!data.open || data.native || data.replaying || data.cursor !== head || data.filterKey !== "*" || !followsEverything(data.filter)) return;
    v1.remove({ topic: data.filterKey, item: socket });
    joinEverything(socket);
  }
  /** Back to the index before a message changes the filter or the cursor, the cursor first set to the head. */
  function unsettle(socket: WsSocket) {
    const { data } = socket;
    if (!data.native) return;
    leaveEverything(socket);
    data.cursor = head;
    if (data.filterKey) v1.add({ topic: data.filterKey, item: socket });
  }

  const hasSubscribers = (protocol: WsSocket["data"]["protocol"]) => publisher.subscriberCount(everythingTopic(protocol)) > 0;

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
      const anyPublished = published.size > 0;
      const v1Live = v1.size() > 0 || hasSubscribers("v1");
      for (const record of records) {
        if (anyPublished && routeZkb(record)) backedUp = true;
        if (v1Live && routeV1(record)) backedUp = true;
      }
      head = records.at(-1)?.sequence ?? head;
      flushSent();
      if (backedUp) sweep();
      if (!ekws.size() && !hasSubscribers("ekws") && !hasSubscribers("ekws-legacy")) return;
      await prefetchNames({ records });
      backedUp = false;
      for (const record of records) if (routeEkws(record)) backedUp = true;
      flushSent();
      if (backedUp) sweep();
    },
    attach(socket: WsSocket) {
      sockets.add(socket);
      if (socket.data.protocol === "zkb") published.add(socket);
      metrics?.setClients({ count: sockets.size });
    },
    detach(socket: WsSocket) {
      socket.data.open = false;
      sockets.delete(socket);
      published.delete(socket);
      // Bun drops a closed socket's own subscriptions.
      if (socket.data.protocol !== "zkb" && !socket.data.native) for (const topic of socket.data.topics) ekws.remove({ topic, item: socket });
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
      placeEkws({ socket, added, removed });
    },
    refilter({ socket, key }: { socket: WsSocket; key: string | null }) {
      unsettle(socket);
      if (socket.data.filterKey) v1.remove({ topic: socket.data.filterKey, item: socket });
      socket.data.filterKey = key;
      if (key) v1.add({ topic: key, item: socket });
    },
    settle,
    unsettle,
    sockets: () => sockets,
    flushSent,
    stop: () => clearInterval(sweeper),
  };
}
export type WsHub = ReturnType<typeof createWsHub>;
