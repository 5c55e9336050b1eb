/**
 * What the GraphQL resolvers hand each other, pure: a killmail node from a list row or a live record (the same
 * shape, so a subscription event resolves exactly like a query result), its ESI parties, its item tree, and Relay
 * connections over our keyset cursor.
 */
import { encodeCursor } from "../killmails/killmail.queries.ts";
import type { ItemRow, KillmailApiRow } from "../killmails/killmail.read.repository.ts";
import type { LiveRecord } from "../live/live.types.ts";

export type KillmailNode = {
  id: number; hash: string | null; time: Date; sequence: number | null; solarSystemId: number; security: number | null;
  locationId: number | null; attackerCount: number; labels: string[]; points: number; solo: boolean; npc: boolean; awox: boolean;
  values: { total: number; fitted: number; dropped: number; destroyed: number };
  /** ESI's body as stored: parsed only when a query asks for the victim or the attackers. */
  esiText: string;
};

export const nodeFromApiRow = (row: KillmailApiRow): KillmailNode => ({
  id: row.killmailId, hash: row.hash, time: row.killmailTime, sequence: null, solarSystemId: row.solarSystemId, security: row.security,
  locationId: row.locationId, attackerCount: row.attackerCount, labels: row.labels, points: row.points, solo: row.solo, npc: row.npc, awox: row.awox,
  values: { total: row.totalValue, fitted: row.fittedValue, dropped: row.droppedValue, destroyed: row.destroyedValue },
  esiText: row.esiText,
});

export const nodeFromLiveRecord = (record: LiveRecord): KillmailNode => ({
  id: record.killmailId, hash: record.hash, time: new Date(record.killmailTime), sequence: record.sequence, solarSystemId: record.solarSystemId,
  security: null, locationId: record.zkb.locationID || null, attackerCount: record.zkb.attackerCount, labels: record.zkb.labels,
  points: record.zkb.points, solo: record.zkb.solo, npc: record.zkb.npc, awox: record.zkb.awox,
  values: { total: record.zkb.totalValue, fitted: record.zkb.fittedValue, dropped: record.zkb.droppedValue, destroyed: record.zkb.destroyedValue },
  esiText: record.esiText,
});

/** One side of the kill as ESI wrote it (every id optional: NPCs, structures and factions lack some). */
export type EsiParty = {
  character_id?: number; corporation_id?: number; alliance_id?: number; faction_id?: number; ship_type_id?: number;
  weapon_type_id?: number; damage_done?: number; damage_taken?: number; final_blow?: boolean; security_status?: number;
};
export type EsiBody = { victim: EsiParty; attackers: EsiParty[] };

/** Attackers by damage done, the largest first; ties keep ESI's order. */
export function sortAttackers({ esi }: { esi: EsiBody }) {
  return esi.attackers.map((attacker, index) => ({ attacker, index }))
    .sort((a, b) => (b.attacker.damage_done ?? 0) - (a.attacker.damage_done ?? 0) || a.index - b.index)
    .map(({ attacker }) => attacker);
}

/** A player entity as the entity resolvers take it; null for an id ESI left out. */
export const playerRef = ({ kind, id }: { kind: "character" | "corporation" | "alliance"; id: number | null | undefined }) => (id ? { kind, id } : null);

export type ItemNode = ItemRow & { value: number; contents: ItemNode[] };

/** Items with their contents nested under the container they were in (parent_index), in stored order. */
export function buildItemTree({ items }: { items: ItemRow[] }): ItemNode[] {
  const nodes = new Map<number, ItemNode>();
  for (const item of items) {
    nodes.set(item.itemIndex, { ...item, value: item.unitPrice * (item.quantityDropped + item.quantityDestroyed), contents: [] });
  }
  const roots: ItemNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentIndex === null ? undefined : nodes.get(node.parentIndex);
    (parent ? parent.contents : roots).push(node);
  }
  return roots;
}

/** A Relay connection from a page read one row past `first`: that extra row only says whether there is a next page. */
export function toConnection<T extends { killmailId: number; killmailTime: Date }>({ rows, first, toNode }: {
  rows: T[]; first: number; toNode: (row: T) => KillmailNode;
}) {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: encodeCursor({ cursor: { time: row.killmailTime, id: row.killmailId } }), node: toNode(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
