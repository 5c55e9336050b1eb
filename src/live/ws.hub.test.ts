import { describe, expect, test } from "bun:test";
import type { Logger } from "../app/log.ts";
import type { NameLookup } from "../ekws/ekws.kill.ts";
import type { WsMetrics } from "../metrics/metrics.ws.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { LiveRecord } from "./live.types.ts";
import type { EkwsNames } from "./ws.ekws.ts";
import { CLOSE_SLOW, createWsHub, type WsPublisher } from "./ws.hub.ts";
import { createMessageHandler } from "./ws.messages.ts";
import type { ReplayOptions } from "./ws.replay.ts";
import { createWsData, type WsProtocol, type WsSocket } from "./ws.types.ts";

const CACHED_PILOT = 5;

function recordOf({ sequence, pilot = 9 }: { sequence: number; pilot?: number }): LiveRecord {
  const esi = {
    killmail_id: sequence, killmail_time: "2026-11-01T00:00:00Z", solar_system_id: 30000142,
    victim: { character_id: CACHED_PILOT, corporation_id: 6, ship_type_id: 587, items: [] }, attackers: [{ character_id: pilot, final_blow: true }],
  };
  return {
    sequence, killmailId: sequence, hash: "a".repeat(40), killmailTime: esi.killmail_time, storedAt: esi.killmail_time, esiText: JSON.stringify(esi),
    zkb: {
      locationID: 0, hash: "a".repeat(40), fittedValue: 0, droppedValue: 0, destroyedValue: 0, totalValue: 1, points: 1, npc: false, solo: false,
      awox: false, labels: [], attackerCount: 1, href: "https://esi.example/",
    },
    solarSystemId: 30000142, constellationId: 0, regionId: 0, victimShipTypeId: 587, victimShipGroupId: 25,
    involvement: [
      { kind: "character", id: CACHED_PILOT, victim: true, finalBlow: false },
      { kind: "corporation", id: 6, victim: true, finalBlow: false },
      { kind: "character", id: pilot, victim: false, finalBlow: true },
    ],
  };
}

/** Bun's topics and sockets, in memory: each socket keeps the texts it was sent and reports `buffered` as unread. */
function createFakeServer() {
  const topics = new Map<string, Set<ReturnType<typeof fakeSocket>>>();
  let backpressure = false;
  const publisher: WsPublisher = {
    subscriberCount: (topic) => topics.get(topic)?.size ?? 0,
    publish(topic, text) {
      for (const socket of topics.get(topic) ?? []) socket.sent.push(text);
      return backpressure ? -1 : text.length;
    },
  };
  function fakeSocket({ protocol }: { protocol: WsProtocol }) {
    const socket = {
      data: createWsData({ protocol, ip: "127.0.0.1" }), sent: [] as string[], buffered: 0, closed: null as number | null,
      send(text: string) {
        socket.sent.push(text);
        return text.length;
      },
      getBufferedAmount: () => socket.buffered,
      subscribe: (topic: string) => void topics.set(topic, (topics.get(topic) ?? new Set()).add(socket)),
      unsubscribe: (topic: string) => void topics.get(topic)?.delete(socket),
      close: (code: number) => void (socket.closed = code),
      terminate: () => {},
    };
    return socket;
  }
  return { publisher, fakeSocket, setBackpressure: (value: boolean) => void (backpressure = value) };
}

function createTestHub({ prefetch = async () => {} }: { prefetch?: EkwsNames["prefetch"] } = {}) {
  const server = createFakeServer();
  const dropped: string[] = [];
  const warnings: string[] = [];
  const lookup = {
    entity: (id?: number) => (id === CACHED_PILOT ? "Cached Pilot" : null),
    type: () => null,
    group: () => ({ id: 0, name: null }),
    system: () => ({ name: null, security: 0, constellationId: 0, regionId: 0, constellationName: null, regionName: null }),
  } as unknown as NameLookup;
  const metrics = { countFrames: () => {}, setClients: () => {}, countDropped: ({ reason }: { reason: string }) => void dropped.push(reason) } as unknown as WsMetrics;
  const logger = { warn: (message: string) => void warnings.push(message), info: () => {} } as unknown as Logger;
  const hub = createWsHub({
    publicUrl: "https://kb.example", names: { prefetch, lookup }, universe: { system: () => undefined } as unknown as UniverseNames,
    maxBufferedBytes: 1_000, metrics, logger, publisher: server.publisher, head: 100,
  });
  const onMessage = createMessageHandler({ hub, replay: { hub } as unknown as ReplayOptions, logger, metrics });
  const connect = ({ protocol, messages }: { protocol: WsProtocol; messages: unknown[] }) => {
    const socket = server.fakeSocket({ protocol });
    const say = (message: unknown) => onMessage(socket as unknown as WsSocket, JSON.stringify(message));
    hub.attach(socket as unknown as WsSocket);
    messages.forEach(say);
    return Object.assign(socket, { say });
  };
  return { hub, server, connect, dropped, warnings };
}

const parse = (texts: string[]) => texts.map((text) => JSON.parse(text));

describe("the ws hub", () => {
  test("a failed names query still sends EVE-KILL frames with the cached names, and zKillboard gets each kill once", async () => {
    const { hub, connect, warnings } = createTestHub({ prefetch: () => Promise.reject(new Error("connection refused")) });
    const zkb = connect({ protocol: "zkb", messages: [{ action: "sub", channel: "all:*" }, { action: "sub", channel: "killstream" }] });
    const ekws = connect({ protocol: "ekws", messages: [{ action: "subscribe", topics: ["all"] }] });
    ekws.sent.length = 0;
    // The live tail hands a batch over again whenever deliver rejects: it must not.
    await hub.deliver([recordOf({ sequence: 101 }), recordOf({ sequence: 102 })]);
    const frames = parse(zkb.sent);
    expect(frames.filter((frame) => frame.action === "littlekill").map((frame) => frame.killID)).toEqual([101, 102]);
    expect(frames.filter((frame) => frame.zkb).map((frame) => frame.killmail_id)).toEqual([101, 102]);
    const events = parse(ekws.sent);
    expect(events.map((event) => event.data.killmail_id)).toEqual([101, 102]);
    expect(events[0].data.victim).toMatchObject({ character_name: "Cached Pilot", corporation_name: null });
    expect(warnings).toEqual([expect.stringContaining("connection refused")]);
    expect(hub.head()).toBe(102);
    hub.stop();
  });

  test("a zKillboard socket past the send bound after a backed-up publish is closed with 1013 and counted as slow", async () => {
    const { hub, server, connect, dropped } = createTestHub();
    const slow = connect({ protocol: "zkb", messages: [{ action: "sub", channel: "killstream" }] });
    const fine = connect({ protocol: "zkb", messages: [{ action: "sub", channel: "killstream" }] });
    server.setBackpressure(true);
    slow.buffered = 5_000;
    await hub.deliver([recordOf({ sequence: 101 })]);
    expect([slow.closed, fine.closed]).toEqual([CLOSE_SLOW, null]);
    expect(dropped).toEqual(["slow"]);
    await hub.deliver([recordOf({ sequence: 102 })]);
    expect([slow.sent.length, fine.sent.length]).toEqual([1, 2]);
    hub.stop();
  });

  test("subscribing again on /ws/v1 without after answers the head, and the next frame is the next match after it", async () => {
    const { hub, connect } = createTestHub();
    const client = connect({ protocol: "v1", messages: [{ action: "subscribe", filter: { entityKind: "character", entityId: 1, role: "attacker" } }] });
    const misses = Array.from({ length: 50 }, (_, index) => recordOf({ sequence: 101 + index }));
    await hub.deliver(misses);
    client.sent.length = 0;
    client.say({ action: "subscribe", filter: {} });
    await hub.deliver([recordOf({ sequence: 151 })]);
    const [subscribed, next] = parse(client.sent);
    expect(subscribed).toMatchObject({ type: "subscribed", after: 150 });
    expect(next).toMatchObject({ type: "killmail", sequence: 151 });
    hub.stop();
  });

  test("an EVE-KILL socket on `all` gets each kill once through Bun's topic, and only its other topics after it leaves `all`", async () => {
    const { hub, server, connect } = createTestHub();
    const client = connect({ protocol: "ekws", messages: [{ action: "subscribe", topics: ["all", "attacker.9"] }] });
    expect(server.publisher.subscriberCount("everything:ekws")).toBe(1);
    client.sent.length = 0;
    await hub.deliver([recordOf({ sequence: 101 }), recordOf({ sequence: 102, pilot: 7 })]);
    client.say({ action: "unsubscribe", topics: ["all"] });
    expect(server.publisher.subscriberCount("everything:ekws")).toBe(0);
    await hub.deliver([recordOf({ sequence: 103 }), recordOf({ sequence: 104, pilot: 7 })]);
    const kills = parse(client.sent).filter((frame) => frame.channel === "killmails").map((frame) => frame.data.killmail_id);
    expect(kills).toEqual([101, 102, 103]);
    hub.stop();
  });

  test("a /ws/v1 socket following everything is published to while live, and a new filter carries on from the head it was sent", async () => {
    const { hub, server, connect } = createTestHub();
    const client = connect({ protocol: "v1", messages: [{ action: "subscribe", filter: {} }] });
    expect(server.publisher.subscriberCount("everything:v1")).toBe(1);
    await hub.deliver([recordOf({ sequence: 101 }), recordOf({ sequence: 102 })]);
    client.say({ action: "subscribe", filter: { entityKind: "character", entityId: 9 } });
    expect(server.publisher.subscriberCount("everything:v1")).toBe(0);
    await hub.deliver([recordOf({ sequence: 103, pilot: 7 }), recordOf({ sequence: 104 })]);
    client.say({ action: "subscribe", filter: {} });
    await hub.deliver([recordOf({ sequence: 105, pilot: 7 })]);
    const frames = parse(client.sent).map((frame) => (frame.type === "killmail" ? frame.sequence : `${frame.type}@${frame.after}`));
    expect(frames).toEqual(["subscribed@100", 101, 102, "subscribed@102", 104, "subscribed@104", 105]);
    hub.stop();
  });
});
