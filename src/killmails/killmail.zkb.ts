/** The zKillboard-shaped `zkb` block of a derived kill (shared/data/UPSTREAMS.md §a.3), for feeds and the API. */
import type { DerivedKillmail } from "./killmail.types.ts";

export const ESI_SERVER = "https://esi.evetech.net";

export type ZkbBlock = {
  locationID?: number;
  hash: string | null;
  fittedValue: number;
  droppedValue: number;
  destroyedValue: number;
  totalValue: number;
  points: number;
  npc: boolean;
  solo: boolean;
  awox: boolean;
  labels: string[];
  attackerCount: number;
  href: string;
};

export function toZkb(derived: DerivedKillmail): ZkbBlock {
  const zkb: ZkbBlock = {
    hash: derived.hash,
    fittedValue: derived.values.fitted,
    droppedValue: derived.values.dropped,
    destroyedValue: derived.values.destroyed,
    totalValue: derived.values.total,
    points: derived.points,
    npc: derived.npc,
    solo: derived.solo,
    awox: derived.awox,
    labels: [...derived.labels],
    attackerCount: derived.attackerCount,
    href: `${ESI_SERVER}/killmails/${derived.killmailId}/${derived.hash}/`,
  };
  return derived.locationId === null ? zkb : { locationID: derived.locationId, ...zkb };
}

/** What a stored killmail row holds of its zkb block. */
export type ZkbRow = {
  killmailId: number; hash: string | null; locationId: number | null; fittedValue: number; droppedValue: number;
  destroyedValue: number; totalValue: number; points: number; npc: boolean; solo: boolean; awox: boolean;
  labels: string[]; attackerCount: number;
};

/** The zkb block from a stored row (same field names as toZkb builds from a derived killmail). */
export function zkbFromRow(row: ZkbRow): ZkbBlock {
  const zkb: ZkbBlock = {
    hash: row.hash, fittedValue: row.fittedValue, droppedValue: row.droppedValue, destroyedValue: row.destroyedValue,
    totalValue: row.totalValue, points: row.points, npc: row.npc, solo: row.solo, awox: row.awox, labels: [...row.labels],
    attackerCount: row.attackerCount, href: `${ESI_SERVER}/killmails/${row.killmailId}/${row.hash}/`,
  };
  return row.locationId == null ? zkb : { locationID: row.locationId, ...zkb };
}
