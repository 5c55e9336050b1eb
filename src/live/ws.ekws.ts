/**
 * EVE-KILL's events from our live records, through the shared codec (src/ekws/ekws.*). Names come from
 * PostgreSQL: the static data once per process (loadUniverseNames), players' names per batch of kills in one
 * query, kept in a bounded cache since the same pilots fight all day. An unknown name is null, as Shrike sends.
 */
import type { Sql } from "../db/db.client.ts";
import type { EkwsEsi, EkwsKill, EkwsPlace, NameLookup } from "../ekws/ekws.kill.ts";
import { createNamesRepository } from "../names/names.repository.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { isPlayerKind } from "../vocabulary/entity-kinds.ts";
import type { LiveRecord } from "./live.types.ts";

const NAME_CACHE_ENTRIES = 200_000;

export function toEkwsKill({ record }: { record: LiveRecord }): EkwsKill {
  const { zkb } = record;
  return {
    killmailId: record.killmailId, hash: record.hash, esi: JSON.parse(record.esiText) as EkwsEsi,
    values: {
      totalValue: zkb.totalValue, fittedValue: zkb.fittedValue, droppedValue: zkb.droppedValue, destroyedValue: zkb.destroyedValue,
      points: zkb.points, solo: zkb.solo, npc: zkb.npc,
    },
  };
}

export function placeOf({ record, universe }: { record: LiveRecord; universe: UniverseNames }): EkwsPlace {
  const system = universe.system(record.solarSystemId);
  return {
    system: system ? { regionId: system.regionId, constellationId: system.constellationId, security: system.security } : null,
    victimShipGroupId: record.victimShipGroupId,
  };
}

export function createEkwsNames({ sql, universe }: { sql: Sql; universe: UniverseNames }) {
  const repository = createNamesRepository({ sql });
  const players = new Map<number, string>();

  /** Reads the players' names of `records` that the cache lacks; one query per batch. */
  async function prefetch({ records }: { records: LiveRecord[] }) {
    const keys = new Map<string, { kind: string; id: number }>();
    for (const record of records) {
      for (const { kind, id } of record.involvement) if (isPlayerKind(kind) && !players.has(id)) keys.set(`${kind}:${id}`, { kind, id });
    }
    if (!keys.size) return;
    const rows = await repository.findEntityNames({ keys: [...keys.values()] });
    if (players.size + rows.length > NAME_CACHE_ENTRIES) players.clear();
    for (const row of rows) if (row.name) players.set(Number(row.entityId), row.name);
  }

  const lookup: NameLookup = {
    entity: (id) => (id ? (players.get(id) ?? universe.npcCorporation(id)?.name ?? (universe.has.faction(id) ? universe.factionName(id) : null)) : null),
    type: (id) => universe.type(id)?.name ?? null,
    group: (typeId) => {
      const groupId = universe.type(typeId)?.groupId;
      return { id: groupId ?? 0, name: universe.group(groupId)?.name ?? null };
    },
    system: (id) => {
      const system = universe.system(id);
      const constellationId = system?.constellationId ?? 0;
      const regionId = system?.regionId ?? 0;
      return {
        name: system?.name ?? null, security: system?.security ?? 0, constellationId, regionId,
        constellationName: universe.constellation(constellationId)?.name ?? null,
        regionName: universe.has.region(regionId) ? universe.regionName(regionId) : null,
      };
    },
  };
  return { prefetch, lookup };
}
export type EkwsNames = ReturnType<typeof createEkwsNames>;
