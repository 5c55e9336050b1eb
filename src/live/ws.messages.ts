/**
 * What a client's message does, per protocol. Bad input never throws: it gets an error frame in the protocol's
 * own shape and a strike; at MAX_STRIKES the socket is closed with a reason. Messages past 16 KiB (EVE-KILL's
 * client limit, applied to every protocol) count as bad; past MAX_PAYLOAD_BYTES Bun itself closes with 1009.
 */
import type { Logger } from "../app/log.ts";
import { handleCurrentMessage, handleLegacyMessage, POLICY_VIOLATION, type ProtocolOutcome } from "../ekws/ekws.protocol.ts";
import type { WsMetrics } from "../metrics/metrics.ws.ts";
import type { WsHub } from "./ws.hub.ts";
import { replayMissed, type ReplayOptions } from "./ws.replay.ts";
import type { WsSocket } from "./ws.types.ts";
import { filterKeyOf, parseV1Message, v1Error, type V1Message } from "./ws.v1.ts";
import type { CampaignFilter } from "../campaigns/campaigns.schemas.ts";
import { handleZkbMessage } from "./ws.zkb.ts";

export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;
export const MAX_PAYLOAD_BYTES = 64 * 1024;
export const MAX_STRIKES = 10;
const INTERNAL_ERROR = 1011;

const errorFrame = ({ socket, message }: { socket: WsSocket; message: string }) =>
  socket.data.protocol === "zkb" ? JSON.stringify({ action: "error", message })
    : socket.data.protocol === "v1" ? v1Error({ problems: [message] })
    : JSON.stringify({ type: "error", message });

/** A campaign's saved filter by id (null: no such campaign); without one, `{campaign}` subscriptions are refused. */
export type CampaignFilterLoader = ({ id }: { id: number }) => Promise<CampaignFilter | null>;

export function createMessageHandler({ hub, replay, logger, metrics, loadCampaignFilter }: {
  hub: WsHub; replay: ReplayOptions; logger: Logger; metrics?: WsMetrics; loadCampaignFilter?: CampaignFilterLoader;
}) {
  function strike({ socket, text }: { socket: WsSocket; text: string }) {
    hub.send(socket, text);
    if (++socket.data.strikes < MAX_STRIKES || !socket.data.open) return;
    metrics?.countDropped({ reason: "malformed" });
    socket.data.open = false;
    socket.close(POLICY_VIOLATION, `too many malformed messages (${MAX_STRIKES})`);
  }
  const reject = ({ socket, message }: { socket: WsSocket; message: string }) => strike({ socket, text: errorFrame({ socket, message }) });

  function startReplay(socket: WsSocket) {
    replayMissed({ ...replay, socket }).catch((error: unknown) => {
      // Stopping half-way would leave a hole below the live frames: the client must resume from what it has.
      logger.warn(`replay failed: ${(error as Error).message}`);
      if (socket.data.open) socket.close(INTERNAL_ERROR, "replay failed: resume from the last sequence you received");
    });
  }

  function applyEkws({ socket, text }: { socket: WsSocket; text: string }) {
    const before = new Set(socket.data.topics);
    const outcome: ProtocolOutcome = socket.data.protocol === "ekws"
      ? handleCurrentMessage({ topics: socket.data.topics, text })
      : handleLegacyMessage({ topics: socket.data.topics, text });
    const added = [...socket.data.topics].filter((topic) => !before.has(topic));
    hub.retopic({ socket, added, removed: [...before].filter((topic) => !socket.data.topics.has(topic)) });
    if (outcome.invalid) return reject({ socket, message: outcome.invalid });
    const reply = outcome.reply as { type?: string } | undefined;
    if (reply?.type === "error") strike({ socket, text: JSON.stringify(reply) });
    else if (reply) hub.send(socket, JSON.stringify(reply));
    if (outcome.close && socket.data.open) {
      socket.data.open = false;
      socket.close(outcome.close.code, outcome.close.reason);
    }
  }

  function applyZkb({ socket, text }: { socket: WsSocket; text: string }) {
    const outcome = handleZkbMessage({ channels: socket.data.topics, text });
    if (outcome.invalid) return reject({ socket, message: outcome.invalid });
    if (outcome.reply) hub.send(socket, outcome.reply);
    if (outcome.subscribe) socket.data.topics.add(outcome.subscribe);
    if (outcome.unsubscribe) socket.data.topics.delete(outcome.unsubscribe);
    hub.retopic({ socket, added: outcome.subscribe ? [outcome.subscribe] : [], removed: outcome.unsubscribe ? [outcome.unsubscribe] : [] });
  }

  /** The campaign's filter read at subscribe time; then the subscribe applies as any other, with that filter. */
  async function subscribeToCampaign({ socket, message, id }: { socket: WsSocket; message: V1Message & { action: "subscribe" }; id: number }) {
    let filter: CampaignFilter | null;
    try {
      filter = loadCampaignFilter ? await loadCampaignFilter({ id }) : null;
    } catch (error) {
      logger.warn(`ws: campaign ${id} could not be read: ${(error as Error).message}`);
      return void hub.send(socket, v1Error({ problems: [`filter.campaign: campaign ${id} cannot be read right now: subscribe again`] }));
    }
    if (!socket.data.open) return;
    if (!filter) return strike({ socket, text: v1Error({ problems: [`filter.campaign: no campaign ${id}${loadCampaignFilter ? "" : " on this server"}`] }) });
    applyV1Message({ socket, message: { ...message, filter: { campaign: filter } } });
  }

  function applyV1({ socket, text }: { socket: WsSocket; text: string }) {
    const parsed = parseV1Message({ text });
    if ("problems" in parsed) return strike({ socket, text: v1Error({ problems: parsed.problems }) });
    const { message } = parsed;
    if (message.action === "subscribe" && message.campaign !== undefined) return subscribeToCampaign({ socket, message, id: message.campaign });
    applyV1Message({ socket, message });
  }

  function applyV1Message({ socket, message }: { socket: WsSocket; message: V1Message }) {
    const { data } = socket;
    if (message.action === "ping") return hub.send(socket, '{"type":"pong"}');
    hub.unsettle(socket);
    if (message.action === "unsubscribe") {
      hub.refilter({ socket, key: null });
      data.filter = null;
      return hub.send(socket, '{"type":"unsubscribed"}');
    }
    if (message.action === "subscribe") {
      Object.assign(data, { filter: message.filter, query: message.query });
      hub.refilter({ socket, key: filterKeyOf({ filter: message.filter }) });
    } else if (!data.filter) {
      Object.assign(data, { filter: {}, query: {} });
      hub.refilter({ socket, key: "*" });
    }
    const after = message.action === "resume" ? message.after : (message.after ?? data.pendingAfter ?? undefined);
    data.pendingAfter = null;
    if (after !== undefined && data.replaying) return reject({ socket, message: "a replay is running: resume once it has caught up" });
    if (after !== undefined) data.cursor = after;
    // The hub moves a cursor only on matches: kills the old filter passed over are behind the head, not pending.
    else if (!data.replaying) data.cursor = Math.max(data.cursor ?? 0, hub.head());
    hub.send(socket, JSON.stringify({ type: "subscribed", filter: data.query, after: data.cursor }));
    if (after !== undefined) startReplay(socket);
    else hub.settle(socket);
  }

  /** While a campaign is read, the socket's later messages wait behind it: they apply in the order they were sent. */
  const reading = new WeakMap<WsSocket, Promise<void>>();
  function inOrder({ socket, run }: { socket: WsSocket; run: () => Promise<void> | void }) {
    const before = reading.get(socket);
    const result = before ? before.then(run) : run();
    if (!result) return;
    const done: Promise<void> = result.then(() => hub.flushSent(), () => {}).finally(() => {
      if (reading.get(socket) === done) reading.delete(socket);
    });
    reading.set(socket, done);
  }

  return (socket: WsSocket, message: string | Buffer) => {
    metrics?.countFrames({ direction: "received" });
    if (!socket.data.open) return;
    if (typeof message !== "string") reject({ socket, message: "binary frames are not accepted: send JSON text" });
    else if (Buffer.byteLength(message) > MAX_CLIENT_MESSAGE_BYTES) reject({ socket, message: `messages are limited to ${MAX_CLIENT_MESSAGE_BYTES} bytes` });
    else if (socket.data.protocol === "zkb") applyZkb({ socket, text: message });
    else if (socket.data.protocol === "v1") inOrder({ socket, run: () => applyV1({ socket, text: message }) });
    else applyEkws({ socket, text: message });
    hub.flushSent();
  };
}
