/**
 * The one filter every killmail list speaks (pages, /api/v1, the zKillboard-compatible API), and the friendly
 * list names that are only label filters. Ordering is always (killmail_time desc, killmail_id desc): the
 * cursor is the last row's pair, so pages never skip or repeat a killmail when new ones arrive.
 */
import type { PartyKind } from "../vocabulary/entity-kinds.ts";

export const ROLES = ["any", "attacker", "victim", "finalblow"] as const;
export type Role = (typeof ROLES)[number];

export type EntityFilter = { kind: PartyKind; id: number; role: Role };

export type KillmailCursor = { time: Date; id: number };

export type KillmailFilter = {
  entity?: EntityFilter;
  /** Further entities that must all be involved too (zKillboard ANDs its id modifiers). */
  alsoInvolved?: { kind: PartyKind; id: number }[];
  labels?: string[];
  minValue?: number;
  maxValue?: number;
  solarSystemId?: number;
  constellationId?: number;
  regionId?: number;
  /** Victim ship group. */
  shipGroupId?: number;
  since?: Date;
  until?: Date;
  npc?: boolean;
  awox?: boolean;
  warId?: number;
  locationId?: number;
  killmailId?: number;
  cursor?: KillmailCursor;
  /** Only for zKillboard's numbered pages; everything else pages with the cursor. */
  offset?: number;
  limit: number;
};

/** Friendly kill-type lists and the label each one is (usable as `/kills/{name}/` and as API `type=`). */
export const KILL_TYPES: Record<string, { title: string; label: string }> = {
  big: { title: "Big kills (1b+)", label: "isk:1b+" },
  "5b": { title: "5b+ kills", label: "isk:5b+" },
  "10b": { title: "10b+ kills", label: "isk:10b+" },
  solo: { title: "Solo kills", label: "solo" },
  awox: { title: "Awox kills", label: "awox" },
  npc: { title: "NPC kills", label: "npc" },
  highsec: { title: "Highsec kills", label: "loc:highsec" },
  lowsec: { title: "Lowsec kills", label: "loc:lowsec" },
  nullsec: { title: "Nullsec kills", label: "loc:nullsec" },
  "w-space": { title: "Wormhole kills", label: "loc:w-space" },
  abyssal: { title: "Abyssal kills", label: "loc:abyssal" },
  pochven: { title: "Pochven kills", label: "loc:pochven" },
  capitals: { title: "Capital kills", label: "capital" },
  structures: { title: "Structure kills", label: "cat:65" },
};

export function encodeCursor({ cursor }: { cursor: KillmailCursor }) {
  return Buffer.from(`${cursor.time.getTime()}.${cursor.id}`).toString("base64url");
}

/** Returns null for anything that is not a cursor this server made. */
export function decodeCursor({ text }: { text: string }): KillmailCursor | null {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  if (!match) return null;
  const time = new Date(Number(match[1]));
  return Number.isNaN(time.getTime()) ? null : { time, id: Number(match[2]) };
}
