/** What each `ws` socket carries (Bun's `ws.data`); the hub, the message handler and the replay share it. */
import type { ServerWebSocket } from "bun";
import type { LiveFilter } from "./live.types.ts";

/** zKillboard `/websocket/`, EVE-KILL `/ws/killmails` and Thessia `/killmails`, ours `/ws/v1`. */
export type WsProtocol = "zkb" | "ekws" | "ekws-legacy" | "v1";

export type WsData = {
  protocol: WsProtocol;
  ip: string;
  /** zKillboard channels or EVE-KILL topics, in the order they were asked for. */
  topics: Set<string>;
  /** `/ws/v1`: the filter, the query it was parsed from (for gap urls) and the index key it sits under. */
  filter: LiveFilter | null;
  query: Record<string, unknown>;
  filterKey: string | null;
  /** `/ws/v1`: the last sequence number sent or passed over; null until the first subscribe. */
  cursor: number | null;
  /** `?after=` given on connect, used by the first subscribe. */
  pendingAfter: number | null;
  replaying: boolean;
  /** Malformed messages so far; past the limit the socket is closed. */
  strikes: number;
  /** The last sequence sent to this socket by a topic route, so a kill on several of its topics goes once. */
  stamp: number;
  /** EVE-KILL and /ws/v1: the Bun topic the socket follows everything on, instead of sitting in the hub's indexes. */
  native: string | null;
  open: boolean;
};

export type WsSocket = ServerWebSocket<WsData>;

export function createWsData({ protocol, ip, pendingAfter = null }: { protocol: WsProtocol; ip: string; pendingAfter?: number | null }): WsData {
  return {
    protocol, ip, topics: new Set(), filter: null, query: {}, filterKey: null, cursor: null, pendingAfter, replaying: false,
    strikes: 0, stamp: 0, native: null, open: true,
  };
}
