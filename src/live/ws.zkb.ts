/**
 * zKillboard's websocket (UPSTREAMS b.3) over our live records, pure. A kill is published once per channel it
 * matches, each `littlekill` naming its channel, exactly as `cron/9.queuePublish.php` does, so a client on two
 * matching channels gets two messages. `killstream` (removed by zKillboard in 2025) sends the ESI body with `zkb`
 * added; its clients parse every text frame as a killmail, so nothing is ever sent unasked.
 */
import { absoluteUrl, killUrl } from "../present/present.urls.ts";
import { toKillmailJson } from "../killmails/killmail.zkb.ts";
import { ENTITY_KINDS } from "../vocabulary/entity-kinds.ts";
import type { LiveRecord } from "./live.types.ts";

export const ZKB_MAX_CHANNELS = 128;
const ID_CHANNELS = [...ENTITY_KINDS, "location"];
const CHANNEL = new RegExp(`^(?:killstream|all:\\*|label:all|total_value:10b\\+|(?:${ID_CHANNELS.join("|")}):\\d{1,19}|label:[a-z0-9#:+\\-]{1,32})$`, "i");

export type ZkbOutcome = { subscribe?: string; unsubscribe?: string; reply?: string; invalid?: string };

/** `ping` is plain text both ways; sub and unsub are JSON and answered by nothing, as on zKillboard. */
export function handleZkbMessage({ channels, text }: { channels: Set<string>; text: string }): ZkbOutcome {
  if (text.trim() === "ping") return { reply: "pong" };
  let message: { action?: unknown; channel?: unknown };
  try {
    message = JSON.parse(text) as typeof message;
  } catch {
    return { invalid: 'not JSON: send {"action":"sub","channel":"killstream"}' };
  }
  if (!message || typeof message !== "object") return { invalid: "not a JSON object" };
  if (message.action !== "sub" && message.action !== "unsub") return { invalid: "action must be sub or unsub" };
  const channel = message.channel;
  if (typeof channel !== "string" || !CHANNEL.test(channel)) return { invalid: `unknown channel ${JSON.stringify(channel ?? null).slice(0, 80)}` };
  const name = channel.toLowerCase().startsWith("label:") ? channel : channel.toLowerCase();
  if (message.action === "unsub") return channels.has(name) ? { unsubscribe: name } : {};
  if (!channels.has(name) && channels.size >= ZKB_MAX_CHANNELS) return { invalid: `at most ${ZKB_MAX_CHANNELS} channels` };
  return channels.has(name) ? {} : { subscribe: name };
}

/** Every channel a kill is published on, `killstream` apart. */
export function zkbChannelsOf({ record }: { record: LiveRecord }) {
  const channels = new Set(["all:*", "label:all"]);
  for (const entry of record.involvement) channels.add(`${entry.kind}:${entry.id}`);
  channels.add(`system:${record.solarSystemId}`);
  if (record.constellationId) channels.add(`constellation:${record.constellationId}`);
  if (record.regionId) channels.add(`region:${record.regionId}`);
  if (record.zkb.locationID) channels.add(`location:${record.zkb.locationID}`);
  for (const label of record.zkb.labels) channels.add(`label:${label}`);
  if (record.zkb.totalValue >= 10e9) channels.add("total_value:10b+");
  return channels;
}

/** The victim's id of one kind, 0 when it has none (a structure's pilot, a corporation without alliance). */
const victimIdOf = ({ record, kind }: { record: LiveRecord; kind: string }) =>
  record.involvement.find((entry) => entry.victim && entry.kind === kind)?.id ?? 0;

/** The victim part of every littlekill of one kill; the channel is appended per channel. */
export function littlekillPrefix({ record, publicUrl }: { record: LiveRecord; publicUrl: string }) {
  const body = {
    action: "littlekill", killID: record.killmailId, character_id: victimIdOf({ record, kind: "character" }),
    corporation_id: victimIdOf({ record, kind: "corporation" }), alliance_id: victimIdOf({ record, kind: "alliance" }),
    ship_type_id: record.victimShipTypeId, group_id: record.victimShipGroupId ?? 0,
    url: absoluteUrl({ publicUrl, path: killUrl(record.killmailId) }),
  };
  return JSON.stringify(body).slice(0, -1);
}

export const littlekillFrame = ({ prefix, channel }: { prefix: string; channel: string }) => `${prefix},"channel":${JSON.stringify(channel)}}`;

/** The old killstream message: ESI body plus zkb, whose `url` points at our kill page (zKillboard's pointed at its own). */
export function killstreamFrame({ record, publicUrl }: { record: LiveRecord; publicUrl: string }) {
  const url = absoluteUrl({ publicUrl, path: killUrl(record.killmailId) });
  return toKillmailJson({ esiText: record.esiText, zkb: { ...record.zkb, esi: record.zkb.href, url } });
}
