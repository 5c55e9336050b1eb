/**
 * Character, corporation and alliance names come per page in one query; NPC corporations fall back to the
 * static data. A missing name is never an error: the page shows "Unknown #id".
 */
import type { Sql } from "../db/db.client.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { PlayerKind } from "../vocabulary/entity-kinds.ts";
import { createNamesRepository, type EntityNameRow } from "./names.repository.ts";

export type EntityKey = { kind: PlayerKind; id: number };
export type EntityNames = {
  name: (kind: string, id: number | null | undefined) => string;
  ticker: (kind: string, id: number | null | undefined) => string | null;
  /** The name when one is known (stored or static), for callers with their own wording for a missing one. */
  knownName: (kind: string, id: number) => string | undefined;
};

/** Resolves the player entities of one page in a single query; NPC corporations fall back to the SDE. */
export async function resolveEntityNames({ sql, universe, keys }: { sql: Sql; universe: UniverseNames; keys: EntityKey[] }): Promise<EntityNames> {
  const unique = new Map(keys.filter((key) => key.id).map((key) => [`${key.kind}:${key.id}`, key]));
  const rows = await createNamesRepository({ sql }).findEntityNames({ keys: [...unique.values()] });
  return entityNamesOf({ universe, rows });
}

/** The names of stored rows already read (a page that reads them with its data), with the same fallbacks. */
export function entityNamesOf({ universe, rows }: { universe: UniverseNames; rows: EntityNameRow[] }): EntityNames {
  const found = new Map(rows.map((row) => [`${row.entityKind}:${row.entityId}`, row]));
  const lookup = (kind: string, id: number) => {
    const row = found.get(`${kind}:${id}`);
    if (row?.name) return row;
    const npc = kind === "corporation" ? universe.npcCorporation(id) : undefined;
    return npc ? { name: npc.name, ticker: npc.ticker } : row;
  };
  return {
    name: (kind, id) => (id == null ? "" : lookup(kind, id)?.name ?? `Unknown #${id}`),
    ticker: (kind, id) => (id == null ? null : lookup(kind, id)?.ticker ?? null),
    knownName: (kind, id) => lookup(kind, id)?.name ?? undefined,
  };
}
