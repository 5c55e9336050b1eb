/** The zKillboard-shaped `zkb` block of a derived kill (shared/data/UPSTREAMS.md §a.3), for feeds and the API. */
import type { DerivedKillmail } from "./killmail.types.ts";

const ESI_SERVER = "https://esi.evetech.net";

/** The kill on ESI, as zKillboard's `href` gives it; the kill page links the same URL. */
export function esiKillmailUrl({ killmailId, hash }: { killmailId: number; hash: string | null }) {
  return `${ESI_SERVER}/killmails/${killmailId}/${hash}/`;
}

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
    href: esiKillmailUrl({ killmailId: derived.killmailId, hash: derived.hash }),
  };
  return derived.locationId === null ? zkb : { locationID: derived.locationId, ...zkb };
}

/**
 * A stored ESI body with `zkb` added as its last key, without parsing the body, so it reaches clients exactly
 * as ESI wrote it: zKillboard's API element and killstream shape, and the `data` of a `/ws/v1` message.
 */
export function toKillmailJson({ esiText, zkb }: { esiText: string; zkb: object }) {
  const esi = esiText.trimEnd();
  const separator = esi === "{}" ? "" : ",";
  return `${esi.slice(0, -1)}${separator}"zkb":${JSON.stringify(zkb)}}`;
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
    attackerCount: row.attackerCount, href: esiKillmailUrl({ killmailId: row.killmailId, hash: row.hash }),
  };
  return row.locationId == null ? zkb : { locationID: row.locationId, ...zkb };
}
